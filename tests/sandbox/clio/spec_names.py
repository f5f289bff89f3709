"""The field names Clio's OpenAPI document gives each record the emulator serves, read from the
document itself with the contract check's reader (``tests/contract/clio_openapi.py``)."""

from __future__ import annotations

from tests.contract.clio_openapi import _nested, _properties, _schema_name

# Each served index path and the schema of its records (Clio 4.0.13, /<resource>.json).
SERVED = {
    "users": "User",
    "contacts": "Contact",
    "matters": "Matter",
    "matter_stages": "MatterStage",
    "activities": "Activity",
    "bills": "Bill",
    "notes": "Note",
    "communications": "Communication",
    "tasks": "Task",
    "custom_fields": "CustomField",
    "practice_areas": "PracticeArea",
    "bank_accounts": "BankAccount",
    "bank_transactions": "BankTransaction",
    "webhooks": "Webhook",
}
# Index filters an index needs (GET /notes.json requires type).
REQUIRED_PARAMS = {"notes": {"type": "Matter"}}


def names(schema: str) -> list[str]:
    return sorted(_properties({"$ref": f"#/components/schemas/{schema}"}))


def nested_names(schema: str) -> dict[str, list[str]]:
    """``{field: [its nested schema's names]}`` for each field that nests a record."""
    out = {}
    for name, prop in _properties({"$ref": f"#/components/schemas/{schema}"}).items():
        nested = _nested(prop)
        if nested is not None:
            out[name] = sorted(_properties(nested))
    return out


def every_field(schema: str) -> str:
    """A ``fields`` value naming every field, each nested record with every nested field."""
    nested = nested_names(schema)
    return ",".join(
        f"{name}{{{','.join(nested[name])}}}" if nested.get(name) else name
        for name in names(schema)
    )


__all__ = ["REQUIRED_PARAMS", "SERVED", "_schema_name", "every_field", "names", "nested_names"]
