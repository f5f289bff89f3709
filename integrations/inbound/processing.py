"""Processing stored inbound events: each source's processor, run by the work-queue engine.

Processing is idempotent (it re-fetches the record the event names), so an event processed
twice — a worker killed after the work but before marking it, a stale claim taken over — does
no harm.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from integrations.clio.events import clio_event_process
from integrations.inbound.queue import INBOUND
from integrations.lawpay.events import lawpay_event_process
from integrations.models import InboundEvent, Source

Status = InboundEvent.Status

PROCESSORS: dict[str, Callable[..., str]] = {
    Source.CLIO: clio_event_process,
    Source.LAWPAY: lawpay_event_process,
}


def _process(event: InboundEvent) -> dict[str, Any]:
    note = PROCESSORS[event.source](event=event)
    # A note is not an error; it says why processing changed nothing (kept for the log).
    return {"last_error": f"note: {note}" if note else ""}


def inbound_event_process(*, event_id: int) -> InboundEvent | None:
    """Claim and process one event; ``None`` when it was not ours to process."""
    return INBOUND.run(pk=event_id, work=_process)


def inbound_events_due(*, source: str, now: datetime, limit: int) -> list[int]:
    """Ids of events of ``source`` a worker may claim now, oldest first (a selector)."""
    return INBOUND.due(now=now, limit=limit, among=Q(source=source))


def inbound_events_sweep(*, source: str, limit: int = 500, budget_seconds: float = 120) -> int:
    """Process what is left ``received`` or due ``failed``: a lost hand-off only delays work.

    Processes inline, in the worker of the inbound queue; returns how many events this run
    processed.
    """
    due = inbound_events_due(source=source, now=timezone.now(), limit=limit)
    return len(INBOUND.sweep(ids=due, work=_process, budget_seconds=budget_seconds))


def inbound_event_replay(*, event_id: int) -> bool:
    """Put a dead (or failed) event back in the queue with fresh attempts; False if it is not."""
    return INBOUND.replay(InboundEvent.objects.filter(pk=event_id)) == 1


def inbound_events_replay_dead(*, source: str | None = None) -> int:
    events = InboundEvent.objects.filter(status=Status.DEAD)
    if source:
        events = events.filter(source=source)
    return INBOUND.replay(events)
