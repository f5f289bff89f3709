"""The transactional outbox: outbound effects recorded with the business change, sent later.

Contract (PRODUCT.md §5, engineering-anchors.md §2.6–2.7):

* ``outbox_record`` is called *inside* the business transaction. If that transaction rolls
  back, the message never existed; if it commits, the message is delivered at least once.
  ``dedupe_key`` is unique, so recording the same effect twice is a no-op.
* A worker delivers it through the handler registered for its ``kind``. A handler receives the
  ``OutboxMessage``, returns a JSON-able result dict (stored in ``result``), and raises to be
  retried with backoff; after ``OUTBOX_MAX_ATTEMPTS`` the message is ``dead`` until replayed.
* **Handlers must be idempotent.** A delivery can run twice: the worker may die after the
  remote call but before the row is marked sent, or the call may time out after the remote
  side acted. So a handler first looks at ``message.result`` (progress it saved), then, where
  the API allows, looks the effect up remotely before creating it (see ``clio.note.create``
  in ``outbox_handlers.py``, which tags each note with the message's key and searches for it).
  A handler can save progress mid-way with ``outbox_message_progress``.

Handlers live in ``<app>/outbox_handlers.py`` modules, loaded when the relay first needs them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from integrations.backoff import attempt_failed, claimable
from integrations.models import OutboxMessage

logger = logging.getLogger(__name__)
Status = OutboxMessage.Status
Handler = Callable[[OutboxMessage], dict[str, Any]]

_HANDLERS: dict[str, Handler] = {}
_discovered = False

# Messages to Clio or LawPay are delivered by the workers of that provider's queue.
PROVIDER_QUEUES = ("clio", "lawpay")
DEFAULT_QUEUE = "default"


class UnknownOutboxKind(Exception):
    """No handler is registered for a message's kind (a deploy without the handler's app?)."""


def outbox_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        if _HANDLERS.get(kind, handler) is not handler:
            raise ValueError(f"two outbox handlers for {kind!r}")
        _HANDLERS[kind] = handler
        return handler

    return register


def outbox_handler_for(kind: str) -> Handler:
    global _discovered
    if not _discovered:
        autodiscover_modules("outbox_handlers")
        _discovered = True
    try:
        return _HANDLERS[kind]
    except KeyError:
        raise UnknownOutboxKind(f"no outbox handler for {kind!r}") from None


def outbox_queue_for(kind: str) -> str:
    provider = kind.split(".", 1)[0]
    return provider if provider in PROVIDER_QUEUES else DEFAULT_QUEUE


def outbox_record(
    *, kind: str, dedupe_key: str, payload: dict[str, Any], aggregate: str = ""
) -> OutboxMessage:
    """Record an outbound effect; call inside the business transaction (see module docstring).

    Returns the existing message when ``dedupe_key`` was recorded before (its payload is left
    as first recorded).
    """
    message, created = OutboxMessage.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={"kind": kind, "payload": payload, "aggregate": aggregate},
    )
    if created:
        from integrations.tasks import outbox_message_enqueue

        transaction.on_commit(
            lambda: outbox_message_enqueue(message_id=message.pk, kind=kind), robust=True
        )
    return message


def _claimable(now: datetime) -> Q:
    return claimable(new=Status.PENDING, working=Status.SENDING, now=now)


def outbox_message_claim(*, message_id: int, now: datetime) -> bool:
    claimed = OutboxMessage.objects.filter(_claimable(now), pk=message_id).update(
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    return claimed == 1


def outbox_message_progress(*, message: OutboxMessage, result: dict[str, Any]) -> None:
    """Save part of a result before the next remote step, so a retry can skip what is done."""
    message.result = {**message.result, **result}
    OutboxMessage.objects.filter(pk=message.pk).update(result=message.result)


def outbox_message_deliver(*, message_id: int) -> OutboxMessage | None:
    """Claim and deliver one message; ``None`` when it was not ours (sent, not due, taken)."""
    claimed_at = timezone.now()
    if not outbox_message_claim(message_id=message_id, now=claimed_at):
        return None
    message = OutboxMessage.objects.get(pk=message_id)
    mine = OutboxMessage.objects.filter(pk=message_id, status=Status.SENDING, claimed_at=claimed_at)
    try:
        result = outbox_handler_for(message.kind)(message)
    except Exception as exc:
        error, dead = attempt_failed(
            mine, attempts=message.attempts, max_attempts=settings.OUTBOX_MAX_ATTEMPTS, exc=exc
        )
        (logger.error if dead else logger.warning)(
            "outbox %s %s attempt %s failed: %s", message.kind, message.pk, message.attempts, error
        )
    else:
        mine.update(
            status=Status.SENT,
            sent_at=timezone.now(),
            next_attempt_at=None,
            last_error="",
            result={**message.result, **(result or {})},
        )
    message.refresh_from_db()
    return message


def _for_queue(messages, queue: str):
    if queue in PROVIDER_QUEUES:
        return messages.filter(kind__startswith=f"{queue}.")
    for provider in PROVIDER_QUEUES:
        messages = messages.exclude(kind__startswith=f"{provider}.")
    return messages


def outbox_messages_due(*, queue: str, now: datetime, limit: int) -> list[int]:
    """Ids of messages the workers of ``queue`` may deliver now, oldest first (a selector)."""
    due = _for_queue(OutboxMessage.objects.filter(_claimable(now)), queue)
    return list(due.order_by("created_at", "pk").values_list("pk", flat=True)[:limit])


def outbox_relay(*, queue: str, limit: int = 500, budget_seconds: float = 120) -> int:
    """Deliver due messages of one queue inline; the periodic safety net behind ``on_commit``."""
    started = time.monotonic()
    sent = 0
    for message_id in outbox_messages_due(queue=queue, now=timezone.now(), limit=limit):
        if time.monotonic() - started > budget_seconds:
            break
        message = outbox_message_deliver(message_id=message_id)
        if message is not None and message.status == Status.SENT:
            sent += 1
    return sent


def outbox_message_replay(*, message_id: int) -> bool:
    return _replay(OutboxMessage.objects.filter(pk=message_id)) == 1


def outbox_messages_replay_dead() -> int:
    return _replay(OutboxMessage.objects.filter(status=Status.DEAD))


def _replay(messages) -> int:
    from integrations.tasks import outbox_message_enqueue

    replayable = [Status.DEAD, Status.FAILED]
    with transaction.atomic():
        rows = list(
            messages.select_for_update().filter(status__in=replayable).values_list("pk", "kind")
        )
        OutboxMessage.objects.filter(pk__in=[pk for pk, _ in rows], status__in=replayable).update(
            status=Status.PENDING, attempts=0, next_attempt_at=None, claimed_at=None
        )
        for pk, kind in rows:
            transaction.on_commit(
                lambda pk=pk, kind=kind: outbox_message_enqueue(message_id=pk, kind=kind),
                robust=True,
            )
    return len(rows)
