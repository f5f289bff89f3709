"""Errors from the emulator arrive as typed exceptions."""

from __future__ import annotations

import pytest

from integrations.clio import errors
from tests.integrations.clio.sandbox import sandbox_client


@pytest.mark.clio_off_spec  # a wrong request on purpose
def test_an_unknown_field_raises_invalid_fields(clio_sandbox):
    client = sandbox_client(clio_sandbox.base_url)

    with pytest.raises(errors.InvalidFields) as caught:
        client.get("users/who_am_i.json", fields="id,not_a_field")

    assert caught.value.status_code == 400


@pytest.mark.clio_off_spec  # a wrong request on purpose
def test_second_level_nesting_raises_invalid_fields(clio_sandbox):
    client = sandbox_client(clio_sandbox.base_url)

    with pytest.raises(errors.InvalidFields):
        list(client.list("activities.json", fields="id,matter{client{date_of_birth}}"))


def test_an_unknown_record_raises_not_found(clio_sandbox):
    client = sandbox_client(clio_sandbox.base_url)

    with pytest.raises(errors.NotFound):
        client.get("matters/987654321.json")


def test_an_unknown_api_version_raises_unsupported_version(clio_sandbox):
    client = sandbox_client(clio_sandbox.base_url)
    client.api_version = "4.0.999"

    with pytest.raises(errors.Gone):
        client.get("users/who_am_i.json")


def test_fields_shape_the_record_and_etags_give_304(clio_sandbox):
    client = sandbox_client(clio_sandbox.base_url)
    matter_id = next(client.list("matters.json"))["id"]

    bare = client.get(f"matters/{matter_id}.json")
    shaped = client.get(f"matters/{matter_id}.json", fields={"id": None, "client": ["id", "name"]})

    assert set(bare.data) == {"id", "etag"}
    assert set(shaped.data) == {"id", "client"}
    assert bare.etag
    assert client.get_if_changed(f"matters/{matter_id}.json", etag=bare.etag) is None


def test_a_stale_if_match_raises_precondition_failed(clio_sandbox):
    client = sandbox_client(clio_sandbox.base_url)
    matter_id = next(client.list("matters.json"))["id"]
    stale = client.get(f"matters/{matter_id}.json").etag
    client.patch(f"matters/{matter_id}.json", data={"description": "changed once"}, if_match=stale)

    with pytest.raises(errors.PreconditionFailed):
        client.patch(f"matters/{matter_id}.json", data={"description": "again"}, if_match=stale)
