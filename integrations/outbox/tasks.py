"""Celery tasks of the outbox: thin wrappers around the relay.

Idempotent like every task here (acks late): the work queue claims a message with a
conditional UPDATE. Messages to Clio or LawPay are delivered on that provider's queue.
"""

from __future__ import annotations

from celery import shared_task

from integrations.outbox import relay
from integrations.outbox.queue import outbox_queue_for


@shared_task(name="integrations.outbox_message_deliver")
def outbox_message_deliver(message_id: int) -> str | None:
    message = relay.outbox_message_deliver(message_id=message_id)
    return message.status if message else None


@shared_task(name="integrations.outbox_relay")
def outbox_relay(queue: str) -> int:
    return relay.outbox_relay(queue=queue)


def outbox_message_enqueue(*, message_id: int, kind: str) -> None:
    outbox_message_deliver.apply_async(args=[message_id], queue=outbox_queue_for(kind))
