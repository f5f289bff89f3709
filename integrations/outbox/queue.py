"""The outbox as a work queue (``integrations/workqueue.py``); which Celery queue takes a kind."""

from __future__ import annotations

from integrations.models import OutboxMessage
from integrations.workqueue import WorkQueue

Status = OutboxMessage.Status

# Messages to Clio or LawPay are delivered by the workers of that provider's queue.
PROVIDER_QUEUES = ("clio", "lawpay")
DEFAULT_QUEUE = "default"

OUTBOX = WorkQueue(
    model=OutboxMessage,
    new=Status.PENDING,
    working=Status.SENDING,
    done=Status.SENT,
    done_at="sent_at",
    order_by="created_at",
    max_attempts_setting="OUTBOX_MAX_ATTEMPTS",
    describe=lambda message: f"outbox {message.kind} {message.pk}",
)


def outbox_queue_for(kind: str) -> str:
    provider = kind.split(".", 1)[0]
    return provider if provider in PROVIDER_QUEUES else DEFAULT_QUEUE
