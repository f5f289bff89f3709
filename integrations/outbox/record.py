"""Recording an outbound effect: what domain services call inside their transaction."""

from __future__ import annotations

from typing import Any

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
