"""Create, update and delete records and fire the webhook events the change implies.

The Clio API and the control API (a firm user acting in Clio) both change data only through
these functions, so both fire webhooks exactly like the real service. Call them inside
``store.transaction()``.
"""

from __future__ import annotations

import copy

from . import webhooks
from .context import Ctx
from .writers import WRITERS


def record_create(ctx: Ctx, resource: str, body: dict) -> dict:
    write, _ = WRITERS[resource]
    record: dict = {"id": ctx.store.next_id(resource), "_updates": 0}
    extra_events = write(ctx, record, body, creating=True)
    needs_handshake = record.pop("_needs_handshake", False)
    ctx.store.put(resource, record, at=ctx.now())
    if needs_handshake:
        webhooks.enqueue_handshake(ctx, record)
    webhooks.emit(ctx, resource, "created", record)
    for event in extra_events:
        webhooks.emit(ctx, resource, event, record)
    return record


def record_update(ctx: Ctx, resource: str, record: dict, body: dict) -> dict:
    write, _ = WRITERS[resource]
    before = webhooks.snapshot(ctx, resource, record)
    first_update = record.get("_updates", 0) == 0
    record = copy.deepcopy(record)
    extra_events = write(ctx, record, body, creating=False)
    record["_updates"] = record.get("_updates", 0) + 1
    needs_handshake = record.pop("_needs_handshake", False)
    ctx.store.put(resource, record, at=ctx.now())
    if needs_handshake:
        webhooks.enqueue_handshake(ctx, record)
    webhooks.emit(ctx, resource, "updated", record, before=before, first_update=first_update)
    for event in extra_events:
        webhooks.emit(ctx, resource, event, record)
    return record


def record_delete(ctx: Ctx, resource: str, record: dict) -> None:
    _, delete = WRITERS[resource]
    before = webhooks.snapshot(ctx, resource, record)
    record = copy.deepcopy(record)
    remove = True if delete is None else delete(ctx, record)
    if remove:
        ctx.store.delete(resource, record["id"])
        webhooks.emit(ctx, resource, "deleted", record)
    else:
        record["_updates"] = record.get("_updates", 0) + 1
        ctx.store.put(resource, record, at=ctx.now())
        webhooks.emit(ctx, resource, "updated", record, before=before)
