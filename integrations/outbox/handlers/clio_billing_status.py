"""``clio.billing_status.set``: the matter's "Remit billing status" custom field in Clio.

The field is created in Clio when missing. It is a ``text_line``: a picklist value must name
one of the field's option ids (clio-api.md §5.1, §5.10), which a firm may rename or delete,
while a text line takes the status as written.
"""

from __future__ import annotations

from typing import Any

from integrations.clio.client import ClioClient
from integrations.clio.connection import clio_client
from integrations.clio.fields import FieldSpec
from integrations.models import OutboxMessage
from integrations.outbox.registry import outbox_handler
from integrations.outbox.relay import outbox_message_progress

FIELD_NAME = "Remit billing status"
VALUE_FIELDS: FieldSpec = {
    "id": None,
    "custom_field_values": ["id", "value", "field_name", "custom_field"],
}


def billing_status_field_ensure(*, client: ClioClient) -> int:
    """The id of the matter custom field, created when missing (lowest id wins if two exist)."""
    fields = client.list(
        "custom_fields.json",
        fields=["id", "name", "parent_type", "deleted"],
        # The index filter's enum is lower-case, unlike ``parent_type`` in the record and body.
        params={"parent_type": "matter", "query": FIELD_NAME},
    )
    found = sorted(
        int(f["id"])
        for f in fields
        if str(f.get("name") or "").strip().lower() == FIELD_NAME.lower() and not f.get("deleted")
    )
    if found:
        return found[0]
    created = client.create(
        "custom_fields.json",
        data={"name": FIELD_NAME, "parent_type": "Matter", "field_type": "text_line"},
        fields=["id"],
    )
    return int(created.data["id"])


def _field_id_of(value: dict[str, Any]) -> int | None:
    field = value.get("custom_field")
    if isinstance(field, dict):
        field = field.get("id")
    return int(field) if field is not None else None


@outbox_handler("clio.billing_status.set")
def clio_billing_status_set(message: OutboxMessage) -> dict[str, Any]:
    """Payload: ``clio_matter_id``, ``value``. Setting a value is idempotent by nature."""
    payload = message.payload
    matter_id = int(payload["clio_matter_id"])
    client = clio_client()
    field_id = message.result.get("custom_field_id") or billing_status_field_ensure(client=client)
    outbox_message_progress(message=message, result={"custom_field_id": field_id})
    # A nested collection without braces comes back as ids and etags only, and the value
    # would then never be found: Clio refuses a second value for the same field.
    matter = client.get(f"matters/{matter_id}.json", fields=VALUE_FIELDS)
    current = next(
        (
            v
            for v in matter.data.get("custom_field_values") or []
            if _field_id_of(v) == field_id and v.get("id")
        ),
        None,
    )
    if current is not None:
        item: dict[str, Any] = {"id": current["id"], "value": payload["value"]}
    else:
        item = {"custom_field": {"id": field_id}, "value": payload["value"]}
    client.patch(f"matters/{matter_id}.json", data={"custom_field_values": [item]}, fields=["id"])
    return {"custom_field_id": field_id, "value": payload["value"]}
