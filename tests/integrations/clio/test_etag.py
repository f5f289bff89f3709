from __future__ import annotations

import pytest
import responses

from integrations.clio import errors
from tests.integrations.clio.conftest import API

ETAG = '"9a103be2201ae758992733a91f02903f"'


def test_get_returns_the_etag_and_last_modified_headers(client, mocked):
    mocked.add(
        responses.GET,
        f"{API}/matters/1.json",
        json={"data": {"id": 1}},
        headers={"ETag": ETAG, "Last-Modified": "Tue, 03 Mar 2026 10:00:00 GMT"},
    )

    record = client.get("matters/1.json")

    assert record.etag == ETAG
    assert record.last_modified == "Tue, 03 Mar 2026 10:00:00 GMT"


def test_an_unchanged_record_comes_back_as_none_on_304(client, mocked):
    mocked.add(
        responses.GET,
        f"{API}/matters/1.json",
        status=304,
        match=[responses.matchers.header_matcher({"If-None-Match": ETAG})],
    )

    assert client.get_if_changed("matters/1.json", etag=ETAG) is None


def test_a_changed_record_comes_back_in_full(client, mocked):
    mocked.add(
        responses.GET,
        f"{API}/matters/1.json",
        json={"data": {"id": 1, "description": "new"}},
        headers={"ETag": '"new"'},
    )

    record = client.get_if_changed("matters/1.json", etag=ETAG, fields="id,description")

    assert record is not None
    assert record.data["description"] == "new"
    assert record.etag == '"new"'


def test_patch_with_a_stale_if_match_raises_precondition_failed(client, mocked):
    mocked.add(
        responses.PATCH,
        f"{API}/matters/1.json",
        status=412,
        json={"error": {"type": "PreconditionFailed", "message": "etag mismatch"}},
        match=[responses.matchers.header_matcher({"If-Match": ETAG})],
    )

    with pytest.raises(errors.PreconditionFailed):
        client.patch("matters/1.json", data={"description": "x"}, if_match=ETAG)


def test_the_etag_falls_back_to_the_etag_field(client, mocked):
    mocked.add(
        responses.POST, f"{API}/notes.json", status=201, json={"data": {"id": 5, "etag": ETAG}}
    )

    record = client.create("notes.json", data={"type": "Matter"})

    assert record.etag == ETAG
