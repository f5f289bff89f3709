"""Processing stored inbound events: claim, process, retry with backoff, dead-letter, replay.

The database is the lock: a worker owns an event only after its conditional UPDATE moved it to
``processing`` (healthchecks' pattern, engineering-anchors.md §1.1). Processing itself is
idempotent (it re-fetches the record the event names), so an event processed twice — a worker
killed after the work but before marking it, a stale claim taken over — does no harm.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from integrations.backoff import attempt_failed, claimable
from integrations.clio.events import clio_event_process
from integrations.lawpay.events import lawpay_event_process
from integrations.models import InboundEvent, Source

logger = logging.getLogger(__name__)
Status = InboundEvent.Status

PROCESSORS: dict[str, Callable[..., str]] = {
    Source.CLIO: clio_event_process,
    Source.LAWPAY: lawpay_event_process,
}


def _claimable(now: datetime) -> Q:
    return claimable(new=Status.RECEIVED, working=Status.PROCESSING, now=now)


def inbound_event_claim(*, event_id: int, now: datetime) -> bool:
    """Take one due event for this worker; False when another worker has it or it is not due."""
    claimed = (
        InboundEvent.objects.filter(_claimable(now), pk=event_id)
        .exclude(dedupe_key__isnull=True)
        .update(status=Status.PROCESSING, claimed_at=now, attempts=F("attempts") + 1)
    )
    return claimed == 1


def inbound_event_process(*, event_id: int) -> InboundEvent | None:
    """Claim and process one event; ``None`` when it was not ours to process.

    Runs outside any transaction: processors call Clio or LawPay and open their own short
    transactions for the writes.
    """
    claimed_at = timezone.now()
    if not inbound_event_claim(event_id=event_id, now=claimed_at):
        return None
    event = InboundEvent.objects.get(pk=event_id)
    mine = InboundEvent.objects.filter(pk=event_id, status=Status.PROCESSING, claimed_at=claimed_at)
    try:
        note = PROCESSORS[event.source](event=event)
    except Exception as exc:
        error, dead = attempt_failed(
            mine, attempts=event.attempts, max_attempts=settings.INBOUND_MAX_ATTEMPTS, exc=exc
        )
        (logger.error if dead else logger.warning)(
            "%s event %s attempt %s failed: %s", event.source, event.pk, event.attempts, error
        )
    else:
        # A note is not an error; it says why processing changed nothing (kept for the log).
        mine.update(
            status=Status.PROCESSED,
            processed_at=timezone.now(),
            next_attempt_at=None,
            last_error=f"note: {note}" if note else "",
        )
    event.refresh_from_db()
    return event


def inbound_events_due(*, source: str, now: datetime, limit: int) -> list[int]:
    """Ids of events of ``source`` a worker may claim now, oldest first (a selector)."""
    return list(
        InboundEvent.objects.filter(_claimable(now), source=source)
        .exclude(dedupe_key__isnull=True)
        .order_by("received_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def inbound_events_sweep(*, source: str, limit: int = 500, budget_seconds: float = 120) -> int:
    """Process what is left ``received`` or due ``failed``: a lost hand-off only delays work.

    Processes inline, in the worker of the source's queue (the Clio rate limit is per process
    without Redis); stops after ``budget_seconds`` so the task stays below its time limit.
    Returns how many events this run processed.
    """
    started = time.monotonic()
    done = 0
    for event_id in inbound_events_due(source=source, now=timezone.now(), limit=limit):
        if time.monotonic() - started > budget_seconds:
            break
        if inbound_event_process(event_id=event_id) is not None:
            done += 1
    return done


def inbound_event_replay(*, event_id: int) -> bool:
    """Put a dead (or failed) event back in the queue with fresh attempts; False if it is not."""
    return _replay(InboundEvent.objects.filter(pk=event_id)) == 1


def inbound_events_replay_dead(*, source: str | None = None) -> int:
    events = InboundEvent.objects.filter(status=Status.DEAD)
    if source:
        events = events.filter(source=source)
    return _replay(events)


def _replay(events) -> int:
    from integrations.tasks import inbound_event_enqueue

    with transaction.atomic():
        rows = list(
            events.select_for_update()
            .filter(status__in=[Status.DEAD, Status.FAILED])
            .values_list("pk", "source")
        )
        InboundEvent.objects.filter(
            pk__in=[pk for pk, _ in rows], status__in=[Status.DEAD, Status.FAILED]
        ).update(status=Status.RECEIVED, attempts=0, next_attempt_at=None, claimed_at=None)
        for pk, source in rows:
            transaction.on_commit(
                lambda pk=pk, source=source: inbound_event_enqueue(event_id=pk, source=source),
                robust=True,
            )
    return len(rows)
