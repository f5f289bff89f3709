"""Celery tasks of inbound processing: thin wrappers around the services.

Every task is idempotent (acks late, at-least-once delivery): the work queue claims rows with
a conditional UPDATE, so a duplicate or redelivered task finds nothing to do. Inbound
processing of either source runs on ``inbound``, so it never waits behind outbound calls.
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from integrations.inbound import processing, receivers

INBOUND_QUEUE = "inbound"


@shared_task(name="integrations.inbound_event_process")
def inbound_event_process(event_id: int) -> str | None:
    event = processing.inbound_event_process(event_id=event_id)
    return event.status if event else None


@shared_task(name="integrations.inbound_events_sweep")
def inbound_events_sweep(source: str) -> int:
    return processing.inbound_events_sweep(source=source)


@shared_task(name="integrations.inbound_events_rejected_purge")
def inbound_events_rejected_purge() -> int:
    return receivers.inbound_events_rejected_purge(now=timezone.now())


def inbound_event_enqueue(*, event_id: int, source: str) -> None:
    # One queue for both sources: a LawPay hint and a Clio delivery are each a few calls, and
    # neither should wait behind the other provider's outbound backlog either.
    inbound_event_process.apply_async(args=[event_id], queue=INBOUND_QUEUE)
