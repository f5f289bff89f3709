from __future__ import annotations

import pytest
import responses

from integrations.clio import API_VERSION, ClioClient, errors
from tests.integrations.clio.conftest import API, BASE_URL


def test_every_request_pins_the_api_version(client, mocked):
    mocked.add(responses.GET, f"{API}/matters.json", json={"data": {"id": 1}})
    mocked.add(responses.POST, f"{API}/notes.json", status=201, json={"data": {"id": 2}})
    mocked.add(responses.DELETE, f"{API}/notes/2.json", status=204)

    client.get("matters.json")
    client.create("notes.json", data={"type": "Matter"})
    client.delete("notes/2.json")

    assert API_VERSION == "4.0.13"
    assert {call.request.headers["X-API-VERSION"] for call in mocked.calls} == {"4.0.13"}


def test_a_retired_version_raises_unsupported_version(store, limiter, mocked):
    client = ClioClient(
        base_url=BASE_URL, token_store=store, rate_limiter=limiter, api_version="4.0.1"
    )
    mocked.add(
        responses.GET,
        f"{API}/matters.json",
        status=410,
        json={"error": {"type": "Gone", "message": "API version 4.0.1 is no longer supported"}},
    )

    with pytest.raises(errors.UnsupportedVersion):
        client.get("matters.json")


def test_create_wraps_the_body_in_data_and_delete_returns_nothing(client, mocked):
    import json

    mocked.add(responses.POST, f"{API}/notes.json", status=201, json={"data": {"id": 2}})
    mocked.add(responses.DELETE, f"{API}/notes/2.json", status=204)

    record = client.create("notes.json", data={"type": "Matter", "subject": "s"}, fields="id")

    assert json.loads(mocked.calls[0].request.body) == {"data": {"type": "Matter", "subject": "s"}}
    assert record.data == {"id": 2}
    assert client.delete("notes/2.json") is None


def test_paths_may_be_given_with_or_without_the_api_prefix(client, mocked):
    mocked.add(responses.GET, f"{API}/matters.json", json={"data": {"id": 1}})

    client.get("/api/v4/matters.json")
    client.get("/matters.json")

    assert len(mocked.calls) == 2
