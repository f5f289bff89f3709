"""The `clio.note.create` handler: a matter note in Clio, found again on a retry."""

from __future__ import annotations

from typing import Any

from integrations.clio.client import ClioClient
from integrations.clio.connection import clio_client
from integrations.models import OutboxMessage
from integrations.outbox.registry import outbox_handler


def clio_record_marker(message: OutboxMessage) -> str:
    """The line that ties a Clio note or communication to its outbox message, so a retry can
    find what an earlier, timed-out try created."""
    return f"Remit ref: {message.dedupe_key}"


def clio_note_find(*, client: ClioClient, matter_id: int, marker: str) -> int | None:
    notes = client.list(
        "notes.json",
        fields=["id", "detail"],
        params={"type": "Matter", "matter_id": matter_id, "query": marker},
    )
    return next((int(n["id"]) for n in notes if marker in str(n.get("detail") or "")), None)


@outbox_handler("clio.note.create")
def clio_note_create(message: OutboxMessage) -> dict[str, Any]:
    """A matter note in Clio. Payload: ``clio_matter_id``, ``subject``, ``detail``, ``date``?

    Notes have no idempotency key at Clio (clio-api.md §5.5), and a create can time out after
    Clio stored it; the detail therefore ends with ``clio_record_marker``, and a retry searches
    the matter's notes for it before creating another.
    """
    if message.result.get("note_id"):
        return message.result
    payload = message.payload
    matter_id = int(payload["clio_matter_id"])
    marker = clio_record_marker(message)
    client = clio_client()
    # Only a message tried before (also before a replay, which keeps last_error) can have
    # left a note behind; a first try skips the search.
    if message.attempts > 1 or message.last_error:
        found = clio_note_find(client=client, matter_id=matter_id, marker=marker)
        if found is not None:
            return {"note_id": found}
    data: dict[str, Any] = {
        "type": "Matter",
        "matter": {"id": matter_id},
        "subject": str(payload["subject"]),
        "detail": f"{payload.get('detail') or ''}\n\n{marker}".lstrip(),
    }
    if payload.get("date"):
        data["date"] = str(payload["date"])
    note = client.create("notes.json", data=data, fields=["id"])
    return {"note_id": int(note.data["id"])}
