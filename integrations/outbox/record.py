"""What domain apps may use of the outbox: record an effect inside their transaction, and ask
whether one was recorded or has died (to show it; the relay and its handlers sit above)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class OutboxIntent:
    """One effect for ``outbox_record_many``: the arguments of ``outbox_record``."""

    kind: str
    dedupe_key: str
    payload: dict[str, Any] = field(default_factory=dict)
    aggregate: str = ""


# Keys per ``IN (…)`` lookup: well under SQLite's 999 parameters.
_KEYS_PER_LOOKUP = 500


def outbox_record_many(*, intents: Sequence[OutboxIntent]) -> list[OutboxMessage]:
    """``outbox_record`` for many effects: one SELECT of the keys recorded before and one bulk
    INSERT of the rest (Django splits it where SQLite's parameter limit requires), instead of a
    SELECT, a SAVEPOINT and an INSERT each. Returns the messages in ``intents``' order.

    A key recorded concurrently between the SELECT and the INSERT raises ``IntegrityError``:
    call inside a savepoint and fall back to ``outbox_record`` per effect.
    """
    keys = list(dict.fromkeys(intent.dedupe_key for intent in intents))
    found: dict[str, OutboxMessage] = {}
    for start in range(0, len(keys), _KEYS_PER_LOOKUP):
        chunk = keys[start : start + _KEYS_PER_LOOKUP]
        found.update(
            (message.dedupe_key, message)
            for message in OutboxMessage.objects.filter(dedupe_key__in=chunk)
        )
    fresh: dict[str, OutboxMessage] = {}
    for intent in intents:
        if intent.dedupe_key not in found and intent.dedupe_key not in fresh:
            fresh[intent.dedupe_key] = OutboxMessage(
                kind=intent.kind,
                dedupe_key=intent.dedupe_key,
                payload=intent.payload,
                aggregate=intent.aggregate,
            )
    for message in OutboxMessage.objects.bulk_create(list(fresh.values())):
        OUTBOX.wake(message)
    found.update(fresh)
    return [found[intent.dedupe_key] for intent in intents]


def outbox_recorded(*, dedupe_key: str) -> bool:
    return OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists()


def outbox_messages_dead(*, aggregate: str | Expression) -> QuerySet[OutboxMessage]:
    """Dead messages about ``aggregate`` (a value or an ``OuterRef`` expression, for Exists)."""
    return OutboxMessage.objects.filter(status=OutboxMessage.Status.DEAD, aggregate=aggregate)
