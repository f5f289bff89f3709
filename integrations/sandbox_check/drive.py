"""Driving Remit's queues as its workers do, for the sandbox check and the demo story: they run
beside ``make run``'s workers or without any, so whoever gets to a row first delivers it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.utils import timezone

from integrations.inbound.processing import inbound_event_process, inbound_events_due
from integrations.lawpay.sweep import lawpay_events_sweep_run
from integrations.models import OutboxMessage, Source
from integrations.outbox.relay import outbox_message_deliver
from integrations.sandbox_check.remote import CheckFailed

T = TypeVar("T")


def until(
    found: Callable[[], T | None],
    *,
    what: str,
    timeout: float,
    during: Callable[[], None] | None = None,
    pause: float = 0.3,
) -> T:
    """``found()`` once it is truthy, running ``during`` (a worker's step) before each look;
    ``CheckFailed`` naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        if during is not None:
            during()
        value = found()
        if value:
            return value
        if time.monotonic() > deadline:
            raise CheckFailed(f"Timed out after {timeout:.0f} s waiting for {what}.")
        time.sleep(pause)


def outbox_aggregates_drain(
    *, aggregates: list[str], timeout: float, kinds: list[str] | None = None
) -> None:
    """Deliver the outbox rows of these aggregates (and those their handlers record; only of
    ``kinds`` if given) as the relay does, until all are sent; a running worker may deliver
    some of them first."""
    Status = OutboxMessage.Status
    deadline = time.monotonic() + timeout
    rows = OutboxMessage.objects.filter(aggregate__in=aggregates)
    if kinds is not None:
        rows = rows.filter(kind__in=kinds)
    while True:
        waiting = list(rows.exclude(status=Status.SENT))
        if not waiting:
            return
        for message in waiting:
            if message.status in (Status.DEAD, Status.FAILED) and message.last_error:
                raise CheckFailed(f"Remit's {message.kind} call failed: {message.last_error}")
            if message.status == Status.PENDING:
                outbox_message_deliver(message_id=message.pk)
        if time.monotonic() > deadline:
            named = ", ".join(sorted({m.kind for m in waiting}))
            raise CheckFailed(f"Still waiting after {timeout:.0f} s for Remit's {named}.")
        time.sleep(0.2)


def lawpay_events_drain() -> None:
    """LawPay's events, stored by the sweep as if their webhook came, then processed."""
    lawpay_events_sweep_run()
    for event_id in inbound_events_due(source=Source.LAWPAY, now=timezone.now(), limit=100):
        inbound_event_process(event_id=event_id)
