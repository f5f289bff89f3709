"""The one registry of outbox handlers, by message kind.

Handlers register with ``@outbox_handler(kind)`` in the modules of ``integrations/outbox/
handlers/``, which ``IntegrationsConfig.ready`` imports at start-up, so a worker never meets a
kind before its handler.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from integrations.models import OutboxMessage

Handler = Callable[[OutboxMessage], dict[str, Any]]

_HANDLERS: dict[str, Handler] = {}
HANDLER_PACKAGE = "integrations.outbox.handlers"


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
    try:
        return _HANDLERS[kind]
    except KeyError:
        raise UnknownOutboxKind(f"no outbox handler for {kind!r}") from None
