"""``clio.communication.create``: log a sent email on the matter as an EmailCommunication."""

from __future__ import annotations

from typing import Any

from integrations.clio.connection import clio_client
from integrations.models import OutboxMessage
from integrations.outbox.handlers.clio_note import clio_record_marker
from integrations.outbox.registry import outbox_handler


@outbox_handler("clio.communication.create")
def clio_communication_create(message: OutboxMessage) -> dict[str, Any]:
    """Payload: ``clio_matter_id``, ``subject``, ``body``, ``received_at``, ``clio_contact_id``?

    Like notes, communications have no idempotency key at Clio (clio-api.md §5.8): the body
    carries a marker that a retry looks for before creating another.
    """
    if message.result.get("communication_id"):
        return message.result
    payload = message.payload
    matter_id = int(payload["clio_matter_id"])
    marker = clio_record_marker(message)
    client = clio_client()
    if message.attempts > 1 or message.last_error:
        for item in client.list(
            "communications.json",
            fields=["id", "body"],
            params={"matter_id": matter_id, "type": "EmailCommunication"},
        ):
            if marker in str(item.get("body") or ""):
                return {"communication_id": int(item["id"])}
    data: dict[str, Any] = {
        "type": "EmailCommunication",
        "subject": str(payload["subject"])[:255],
        "body": f"{payload['body']}\n\n{marker}",
        "received_at": payload["received_at"],
        "matter": {"id": matter_id},
    }
    if payload.get("clio_contact_id"):
        # A participant's type names its table (User or Contact), not the contact's own
        # Person/Company type, which Clio refuses here.
        data["receivers"] = [{"id": int(payload["clio_contact_id"]), "type": "Contact"}]
    record = client.create("communications.json", data=data, fields=["id"])
    return {"communication_id": int(record.data["id"])}
