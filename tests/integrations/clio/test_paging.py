from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from tests.integrations.clio.conftest import API


def _page(ids: list[int], next_url: str | None) -> dict:
    paging = {"next": next_url} if next_url else {}
    return {"data": [{"id": i} for i in ids], "meta": {"paging": paging}}


def _query(call) -> dict[str, list[str]]:
    return parse_qs(urlsplit(call.request.url).query)


def test_it_yields_every_record_across_pages_following_next(client, mocked):
    mocked.add(
        responses.GET,
        f"{API}/matters.json",
        json=_page([1, 2], f"{API}/matters.json?page_token=b&fields=id&limit=2&order=id(asc)"),
        match=[
            responses.matchers.query_param_matcher(
                {"fields": "id", "limit": "2", "order": "id(asc)"}
            )
        ],
    )
    mocked.add(
        responses.GET,
        f"{API}/matters.json",
        json=_page([3, 4], f"{API}/matters.json?page_token=c&fields=id&limit=2&order=id(asc)"),
        match=[responses.matchers.query_param_matcher({"page_token": "b"}, strict_match=False)],
    )
    mocked.add(
        responses.GET,
        f"{API}/matters.json",
        json=_page([5], None),
        match=[responses.matchers.query_param_matcher({"page_token": "c"}, strict_match=False)],
    )

    ids = [record["id"] for record in client.list("matters.json", fields=["id"], limit=2)]

    assert ids == [1, 2, 3, 4, 5]
    assert len(mocked.calls) == 3


def test_the_first_request_asks_for_cursor_paging(client, mocked):
    mocked.add(responses.GET, f"{API}/activities.json", json=_page([], None))

    list(client.list("activities.json"))

    query = _query(mocked.calls[0])
    assert query["order"] == ["id(asc)"]
    assert query["limit"] == ["200"]
    assert "offset" not in query


def test_updated_since_is_sent_as_utc_iso8601(client, mocked):
    mocked.add(responses.GET, f"{API}/activities.json", json=_page([], None))
    since = datetime(2026, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=-5)))

    list(client.list("activities.json", updated_since=since))

    assert _query(mocked.calls[0])["updated_since"] == ["2026-03-01T14:30:00+00:00"]


def test_a_naive_updated_since_is_refused(client):
    with pytest.raises(ValueError, match="timezone"):
        list(client.list("activities.json", updated_since=datetime(2026, 3, 1)))


def test_offset_cannot_be_mixed_with_cursor_paging(client):
    with pytest.raises(ValueError, match="offset"):
        list(client.list("matters.json", params={"offset": 200}))


def test_it_refuses_to_follow_a_next_link_to_another_host(client, mocked):
    mocked.add(
        responses.GET, f"{API}/matters.json", json=_page([1], "https://evil.test/api/v4/matters")
    )

    with pytest.raises(ValueError, match="refusing"):
        list(client.list("matters.json"))

    assert len(mocked.calls) == 1


def test_pages_expose_the_next_link_for_checkpointing(client, mocked):
    mocked.add(responses.GET, f"{API}/matters.json", json=_page([1], None))

    pages = list(client.pages("matters.json"))

    assert pages[0].records == [{"id": 1}]
    assert pages[0].next_url is None
    assert len(mocked.calls) == 1
