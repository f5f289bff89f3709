"""Delivering recorded messages: one at a time, by the periodic relay, and replays."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from integrations.models import OutboxMessage
from integrations.outbox.queue import OUTBOX, PROVIDER_QUEUES
from integrations.outbox.registry import outbox_handler_for

Status = OutboxMessage.Status


def outbox_message_progress(*, message: OutboxMessage, result: dict[str, Any]) -> None:
    """Save part of a result before the next remote step, so a retry can skip what is done."""
    message.result = {**message.result, **result}
    OutboxMessage.objects.filter(pk=message.pk).update(result=message.result)


def _deliver(message: OutboxMessage) -> dict[str, Any]:
    result = outbox_handler_for(message.kind)(message)
    return {"result": {**message.result, **(result or {})}}


def outbox_message_deliver(*, message_id: int) -> OutboxMessage | None:
    """Claim and deliver one message; ``None`` when it was not ours (sent, not due, taken)."""
    return OUTBOX.run(pk=message_id, work=_deliver)


def _of_queue(queue: str) -> Q:
    if queue in PROVIDER_QUEUES:
        return Q(kind__startswith=f"{queue}.")
    others = Q()
    for provider in PROVIDER_QUEUES:
        others &= ~Q(kind__startswith=f"{provider}.")
    return others


def outbox_messages_due(*, queue: str, now: datetime, limit: int) -> list[int]:
    """Ids of messages the workers of ``queue`` may deliver now, oldest first (a selector)."""
    return OUTBOX.due(now=now, limit=limit, among=_of_queue(queue))


def outbox_relay(*, queue: str, limit: int = 500, budget_seconds: float = 120) -> int:
    """Deliver due messages of one queue inline; the periodic safety net behind the hand-off.

    Returns how many this run sent.
    """
    due = outbox_messages_due(queue=queue, now=timezone.now(), limit=limit)
    worked = OUTBOX.sweep(ids=due, work=_deliver, budget_seconds=budget_seconds)
    return sum(1 for message in worked if message.status == Status.SENT)


def outbox_message_replay(*, message_id: int) -> bool:
    return OUTBOX.replay(OutboxMessage.objects.filter(pk=message_id)) == 1


def outbox_messages_replay_dead() -> int:
    return OUTBOX.replay(OutboxMessage.objects.filter(status=Status.DEAD))
