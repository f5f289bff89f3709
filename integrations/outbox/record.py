"""What domain apps may use of the outbox: record an effect inside their transaction, and ask
whether one was recorded or has died (to show it; the relay and its handlers sit above)."""

from __future__ import annotations

from typing import Any

from django.db.models import Expression, QuerySet

from integrations.models import OutboxMessage
from integrations.outbox.queue import OUTBOX


def outbox_record(
    *, kind: str, dedupe_key: str, payload: dict[str, Any], aggregate: str = ""
) -> OutboxMessage:
    """Record an outbound effect; call inside the business transaction (see the package doc).

    Returns the existing message when ``dedupe_key`` was recorded before (its payload is left
    as first recorded). A new message is handed to a worker once the transaction commits.
    """
    message, created = OutboxMessage.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={"kind": kind, "payload": payload, "aggregate": aggregate},
    )
    if created:
        OUTBOX.wake(message)
    return message


def outbox_recorded(*, dedupe_key: str) -> bool:
    return OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists()


def outbox_messages_dead(*, aggregate: str | Expression) -> QuerySet[OutboxMessage]:
    """Dead messages about ``aggregate`` (a value or an ``OuterRef`` expression, for Exists)."""
    return OutboxMessage.objects.filter(status=OutboxMessage.Status.DEAD, aggregate=aggregate)
