"""5xx answers and timeouts: retried with capped, jittered backoff — but never for a POST."""

import pytest
import requests
import responses

from integrations.clio import errors
from tests.integrations.clio.conftest import API

DOWN = {"error": {"type": "InternalError", "message": "boom"}}


def test_a_503_on_a_read_is_retried_after_a_backoff(client, mocked, slept):
    mocked.add(responses.GET, f"{API}/matters.json", status=503, json=DOWN)
    mocked.add(responses.GET, f"{API}/matters.json", json={"data": {"id": 1}})

    assert client.get("matters.json").data == {"id": 1}

    assert len(mocked.calls) == 2
    assert len(slept) == 1
    assert 0 <= slept[0] <= 0.5


def test_a_timeout_on_a_read_is_retried(client, mocked, slept):
    mocked.add(responses.GET, f"{API}/matters.json", body=requests.ReadTimeout("slow"))
    mocked.add(responses.GET, f"{API}/matters.json", json={"data": {"id": 1}})

    assert client.get("matters.json").data == {"id": 1}
    assert len(mocked.calls) == 2


def test_retries_are_bounded_and_the_backoff_grows_but_stays_capped(client, mocked, slept):
    mocked.add(responses.GET, f"{API}/matters.json", status=500, json=DOWN)

    with pytest.raises(errors.ServerError):
        client.get("matters.json")

    assert len(mocked.calls) == 4  # the call and three retries
    assert [delay <= ceiling for delay, ceiling in zip(slept, (0.5, 1.0, 2.0), strict=True)] == [
        True
    ] * 3


def test_a_post_is_never_repeated_after_a_5xx_because_clio_may_have_stored_it(
    client, mocked, slept
):
    mocked.add(responses.POST, f"{API}/notes.json", status=502, json=DOWN)

    with pytest.raises(errors.ServerError):
        client.create("notes.json", data={"type": "Matter", "subject": "Invoice paid"})

    assert len(mocked.calls) == 1
    assert slept == []


def test_a_post_that_times_out_is_not_repeated_either(client, mocked, slept):
    mocked.add(responses.POST, f"{API}/notes.json", body=requests.ReadTimeout("slow"))

    with pytest.raises(errors.ClioTransportError):
        client.create("notes.json", data={"type": "Matter", "subject": "Invoice paid"})

    assert len(mocked.calls) == 1
