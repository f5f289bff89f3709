"""The emulator's field lists (``sandbox/clio/openapi_fields.json``, which its resources are
completed from) are exactly what Clio's OpenAPI document says each record has
(``components/schemas/<Record>``, allOf merged), read here by the contract check's own reader
and compared as data, so the emulator cannot drift from the document."""

import json

import pytest

from tests.contract.clio_openapi import _properties
from tests.sandbox_process import REPO_ROOT

from .conftest import spec_available

pytestmark = pytest.mark.skipif(not spec_available(), reason="Clio's OpenAPI document is absent")
FIELDS_FILE = REPO_ROOT / "sandbox" / "clio" / "openapi_fields.json"


def _kind(prop: dict) -> str:
    if "$ref" in prop:
        return "@" + prop["$ref"].rsplit("/", 1)[-1]
    if prop.get("type") == "array":
        items = prop.get("items") or {}
        if "$ref" in items:
            return "[]@" + items["$ref"].rsplit("/", 1)[-1]
        return "[]" + str(items.get("type") or "object")
    return str(prop.get("type") or "object")


def _from_spec(schema: str) -> dict[str, str]:
    properties = _properties({"$ref": f"#/components/schemas/{schema}"})
    return {name: _kind(prop) for name, prop in properties.items()}


def test_every_schema_in_the_file_is_the_documents():
    stored = json.loads(FIELDS_FILE.read_text())

    assert stored, "the field lists are empty"
    for schema, fields in stored.items():
        assert fields == _from_spec(schema), schema


def test_the_file_holds_every_record_served_and_every_schema_they_nest():
    stored = json.loads(FIELDS_FILE.read_text())
    roots = ["User", "Contact", "Matter", "MatterStage", "Activity", "Bill", "Note"]
    roots += ["Communication", "Task", "CustomField", "PracticeArea", "BankAccount"]
    roots += ["BankTransaction", "Webhook", "Client", "RelatedContacts", "EmailAddress"]
    roots += ["PhoneNumber"]

    for root in roots:
        assert root in stored
        for kind in stored[root].values():
            if "@" in kind:
                assert kind.split("@", 1)[1] in stored, (root, kind)
