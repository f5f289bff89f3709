"""The ``clio.task.create`` handler: a task in Clio assigned to a firm user, found on a retry."""

from __future__ import annotations

from typing import Any

from integrations.clio.client import ClioClient
from integrations.clio.connection import clio_client
from integrations.models import OutboxMessage
from integrations.outbox.handlers.clio_note import clio_record_marker
from integrations.outbox.registry import outbox_handler


def clio_task_find(*, client: ClioClient, matter_id: int, marker: str) -> int | None:
    tasks = client.list("tasks.json", fields=["id", "description"], params={"matter_id": matter_id})
    return next((int(t["id"]) for t in tasks if marker in str(t.get("description") or "")), None)


@outbox_handler("clio.task.create")
def clio_task_create(message: OutboxMessage) -> dict[str, Any]:
    """Payload: ``clio_matter_id``, ``assignee_clio_user_id``, ``name``, ``description``,
    ``due_at`` (date)?, ``priority``?.

    Clio requires ``name``, ``description`` and an ``assignee`` with its ``type``
    (clio-api.md §5.9; the OpenAPI document's Task create). Like notes, tasks take no
    idempotency key, so the description ends with the outbox marker and a retry looks for it
    on the matter's tasks before creating another.
    """
    if message.result.get("task_id"):
        return message.result
    payload = message.payload
    matter_id = int(payload["clio_matter_id"])
    marker = clio_record_marker(message)
    client = clio_client()
    if message.attempts > 1 or message.last_error:
        found = clio_task_find(client=client, matter_id=matter_id, marker=marker)
        if found is not None:
            return {"task_id": found}
    data: dict[str, Any] = {
        "name": str(payload["name"])[:255],
        "description": f"{payload.get('description') or ''}\n\n{marker}".lstrip(),
        "assignee": {"id": int(payload["assignee_clio_user_id"]), "type": "User"},
        "matter": {"id": matter_id},
    }
    if payload.get("due_at"):
        data["due_at"] = str(payload["due_at"])
    if payload.get("priority"):
        data["priority"] = str(payload["priority"])
    task = client.create("tasks.json", data=data, fields=["id"])
    return {"task_id": int(task.data["id"])}
