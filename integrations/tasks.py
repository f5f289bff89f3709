"""Celery tasks of the integrations app: thin wrappers around the services.

Every task is idempotent (acks late, at-least-once delivery): the services claim rows with a
conditional UPDATE, so a duplicate or redelivered task finds nothing to do. Outbound calls to
Clio or LawPay run on that provider's queue (``CELERY_TASK_ROUTES`` routes task names
``integrations.clio.*`` and ``integrations.lawpay.*``; the rest name their queue explicitly);
inbound processing of either source runs on ``inbound``, so it never waits behind them.
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from integrations import inbound, outbox, processing
from integrations.clio import subscriptions

INBOUND_QUEUE = "inbound"


@shared_task(name="integrations.inbound_event_process")
def inbound_event_process(event_id: int) -> str | None:
    event = processing.inbound_event_process(event_id=event_id)
    return event.status if event else None


@shared_task(name="integrations.inbound_events_sweep")
def inbound_events_sweep(source: str) -> int:
    return processing.inbound_events_sweep(source=source)


@shared_task(name="integrations.outbox_message_deliver")
def outbox_message_deliver(message_id: int) -> str | None:
    message = outbox.outbox_message_deliver(message_id=message_id)
    return message.status if message else None


@shared_task(name="integrations.outbox_relay")
def outbox_relay(queue: str) -> int:
    return outbox.outbox_relay(queue=queue)


@shared_task(name="integrations.inbound_events_rejected_purge")
def inbound_events_rejected_purge() -> int:
    return inbound.inbound_events_rejected_purge(now=timezone.now())


@shared_task(name="integrations.clio.webhooks_upkeep")
def clio_webhooks_upkeep() -> dict:
    report = subscriptions.clio_webhooks_ensure()
    return vars(report)


def inbound_event_enqueue(*, event_id: int, source: str) -> None:
    # One queue for both sources: a LawPay hint and a Clio delivery are each a few calls, and
    # neither should wait behind the other provider's outbound backlog either.
    inbound_event_process.apply_async(args=[event_id], queue=INBOUND_QUEUE)


def outbox_message_enqueue(*, message_id: int, kind: str) -> None:
    outbox_message_deliver.apply_async(args=[message_id], queue=outbox.outbox_queue_for(kind))
