from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from integrations.clio.fields import fields_encode
from tests.integrations.clio.conftest import API


def test_a_list_of_names_becomes_a_comma_separated_value():
    assert fields_encode(["id", "etag", "display_number"]) == "id,etag,display_number"


def test_a_mapping_nests_one_level_with_braces():
    spec = {"id": None, "etag": None, "matter": ["id", "description"]}

    assert fields_encode(spec) == "id,etag,matter{id,description}"


def test_a_string_is_passed_through_unchanged():
    assert fields_encode("id,client{id,name}") == "id,client{id,name}"


def test_deeper_nesting_is_refused_before_any_request():
    with pytest.raises(ValueError, match="one level"):
        fields_encode({"matter": ["id", "client{date_of_birth}"]})


def test_an_empty_field_list_is_refused():
    with pytest.raises(ValueError):
        fields_encode([])


def test_the_client_sends_fields_with_braces_intact(client, mocked):
    mocked.add(responses.GET, f"{API}/activities/7.json", json={"data": {"id": 7}})

    client.get("activities/7.json", fields={"id": None, "matter": ["id", "description"]})

    query = parse_qs(urlsplit(mocked.calls[0].request.url).query)
    assert query["fields"] == ["id,matter{id,description}"]
