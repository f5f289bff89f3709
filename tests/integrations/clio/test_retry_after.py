from __future__ import annotations

import time

import pytest
import responses

from integrations.clio import ClioClient, errors
from tests.integrations.clio.conftest import API, BASE_URL

TOO_MANY = {"error": {"type": "RateLimited", "message": "Too many requests"}}


def test_a_429_waits_retry_after_seconds_then_retries(client, mocked, slept):
    mocked.add(
        responses.GET,
        f"{API}/matters.json",
        status=429,
        json=TOO_MANY,
        headers={"Retry-After": "7"},
    )
    mocked.add(responses.GET, f"{API}/matters.json", json={"data": {"id": 1}})

    assert client.get("matters.json").data == {"id": 1}

    assert sum(slept) == pytest.approx(7)
    assert len(mocked.calls) == 2


def test_the_pause_holds_back_other_workers_on_the_same_connection(
    store, oauth, limiter, mocked, slept
):
    mocked.add(
        responses.GET,
        f"{API}/matters.json",
        status=429,
        json=TOO_MANY,
        headers={"Retry-After": "7"},
    )
    mocked.add(responses.GET, f"{API}/matters.json", json={"data": {"id": 1}})
    mocked.add(responses.GET, f"{API}/contacts.json", json={"data": {"id": 2}})
    with pytest.raises(errors.RateLimited):
        ClioClient(
            base_url=BASE_URL,
            token_store=store,
            rate_limiter=limiter,
            oauth=oauth,
            max_rate_limit_retries=0,
        ).get("matters.json")

    other_worker = ClioClient(
        base_url=BASE_URL, token_store=store, rate_limiter=limiter, oauth=oauth
    )
    other_worker.get("contacts.json")

    assert sum(slept) == pytest.approx(7)


def test_retries_after_429_are_bounded(client, mocked, slept):
    mocked.add(
        responses.GET,
        f"{API}/matters.json",
        status=429,
        json=TOO_MANY,
        headers={"Retry-After": "2"},
    )

    with pytest.raises(errors.RateLimited) as caught:
        client.get("matters.json")

    assert len(mocked.calls) == 4  # the call and three retries
    assert caught.value.retry_after == 2
    assert sum(slept) == pytest.approx(6)


def test_an_http_date_retry_after_is_understood(client, mocked, slept, frozen_time):
    mocked.add(
        responses.GET,
        f"{API}/matters.json",
        status=429,
        json=TOO_MANY,
        # The frozen clock is 2027-01-15T08:00:00Z.
        headers={"Retry-After": "Fri, 15 Jan 2027 08:00:05 GMT"},
    )
    mocked.add(responses.GET, f"{API}/matters.json", json={"data": {"id": 1}})

    client.get("matters.json")

    assert sum(slept) == pytest.approx(5)


def test_an_exhausted_remaining_header_pauses_until_reset(client, mocked, slept, frozen_time):
    reset = int(time.time()) + 12
    mocked.add(
        responses.GET,
        f"{API}/matters.json",
        json={"data": {"id": 1}},
        headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)},
    )
    mocked.add(responses.GET, f"{API}/contacts.json", json={"data": {"id": 2}})

    client.get("matters.json")
    client.get("contacts.json")

    assert sum(slept) == pytest.approx(13)  # one second of margin on a whole-second Reset
