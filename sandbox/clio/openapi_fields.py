"""The field names and kinds of Clio's records, taken from Clio's OpenAPI document.

``openapi_fields.json`` beside this module is generated from the document (4.0.13) by

    python -m sandbox.clio.openapi_fields ../shared/reference/clio-openapi-4.0.13.json

and ``tests/sandbox/clio/test_field_lists_are_the_openapi_documents.py`` regenerates it from the
document and compares, so the lists cannot drift. The emulator runs without the document: it
reads only the JSON file.

Each schema maps a property name to its kind: a scalar type (``string``, ``integer``,
``number``, ``boolean``, ``object``), ``@Schema`` (one nested record of that schema),
``[]@Schema`` (a list of them) or ``[]string`` (a list of scalars). Only the served records
(``ROOTS``) and the schemas they nest directly are kept: ``fields`` nests one level deep.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).with_name("openapi_fields.json")

# The record schema of each resource the emulator serves, and of its sub-resources.
RESOURCE_SCHEMAS = {
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
SUB_RESOURCE_SCHEMAS = ("Client", "RelatedContacts", "EmailAddress", "PhoneNumber")
ROOTS = (*RESOURCE_SCHEMAS.values(), *SUB_RESOURCE_SCHEMAS)


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _properties(schemas: dict[str, Any], name: str) -> dict[str, Any]:
    schema = schemas[name]
    out: dict[str, Any] = {}
    for part in schema.get("allOf", []):
        if "$ref" in part:
            out.update(_properties(schemas, _ref_name(part["$ref"])))
        else:
            out.update(part.get("properties", {}))
    out.update(schema.get("properties", {}))
    return out


def _kind(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        return "@" + _ref_name(prop["$ref"])
    if prop.get("type") == "array":
        items = prop.get("items") or {}
        if "$ref" in items:
            return "[]@" + _ref_name(items["$ref"])
        return "[]" + str(items.get("type") or "object")
    return str(prop.get("type") or "object")


def extract(spec: dict[str, Any]) -> dict[str, dict[str, str]]:
    """``{schema: {property: kind}}`` for ``ROOTS`` and the schemas they nest directly."""
    schemas = spec["components"]["schemas"]
    out: dict[str, dict[str, str]] = {}
    nested: list[str] = []
    for root in ROOTS:
        out[root] = {name: _kind(prop) for name, prop in _properties(schemas, root).items()}
        nested += [kind.lstrip("[]@") for kind in out[root].values() if "@" in kind]
    for name in nested:
        if name not in out:
            out[name] = {n: _kind(p) for n, p in _properties(schemas, name).items()}
    return dict(sorted(out.items()))


@cache
def spec_fields() -> dict[str, dict[str, str]]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def nested_schema(kind: str) -> str | None:
    """``@Contact_base`` and ``[]@Address_base`` name a schema; scalars and ``[]string`` do not."""
    return kind.split("@", 1)[1] if "@" in kind else None


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m sandbox.clio.openapi_fields <clio-openapi.json>", file=sys.stderr)
        return 2
    spec = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    DATA_FILE.write_text(json.dumps(extract(spec), indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
