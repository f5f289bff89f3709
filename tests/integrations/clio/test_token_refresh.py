from __future__ import annotations

import threading
import time
from urllib.parse import parse_qs

import pytest
import responses

from integrations.clio import ClioClient, InMemoryTokenStore, Tokens, errors
from tests.integrations.clio.conftest import API, BASE_URL

EXPIRED = {"error": "invalid_token", "error_description": "The access token provided is expired"}


def _token_response(access: str) -> dict:
    return {"json": {"token_type": "bearer", "access_token": access, "expires_in": 2592000}}


def _bearer(call) -> str:
    return call.request.headers["Authorization"]


def test_a_401_refreshes_once_and_retries_with_the_new_token(client, store, mocked):
    mocked.add(responses.GET, f"{API}/matters/1.json", status=401, json=EXPIRED)
    token = mocked.add(responses.POST, f"{BASE_URL}/oauth/token", **_token_response("access-2"))
    mocked.add(responses.GET, f"{API}/matters/1.json", json={"data": {"id": 1}})

    assert client.get("matters/1.json").data == {"id": 1}

    assert token.call_count == 1
    api_calls = [c for c in mocked.calls if "/api/v4/" in c.request.url]
    assert [_bearer(c) for c in api_calls] == ["Bearer access-1", "Bearer access-2"]
    assert store.load().access_token == "access-2"
    # Manage refresh answers carry no refresh token: the old one is kept.
    assert store.load().refresh_token == "refresh-1"


def test_the_refresh_is_form_encoded_with_the_client_credentials(client, mocked):
    mocked.add(responses.GET, f"{API}/matters/1.json", status=401, json=EXPIRED)
    token = mocked.add(responses.POST, f"{BASE_URL}/oauth/token", **_token_response("access-2"))
    mocked.add(responses.GET, f"{API}/matters/1.json", json={"data": {"id": 1}})

    client.get("matters/1.json")

    request = token.calls[0].request
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qs(request.body) == {
        "grant_type": ["refresh_token"],
        "refresh_token": ["refresh-1"],
        "client_id": ["client-id"],
        "client_secret": ["client-secret"],
    }


def test_a_second_401_raises_without_another_refresh(client, mocked):
    mocked.add(responses.GET, f"{API}/matters/1.json", status=401, json=EXPIRED)
    token = mocked.add(responses.POST, f"{BASE_URL}/oauth/token", **_token_response("access-2"))

    with pytest.raises(errors.InvalidToken):
        client.get("matters/1.json")

    assert token.call_count == 1
    assert len([c for c in mocked.calls if "/api/v4/" in c.request.url]) == 2


def test_a_refused_refresh_raises_invalid_grant(client, mocked):
    mocked.add(responses.GET, f"{API}/matters/1.json", status=401, json=EXPIRED)
    mocked.add(
        responses.POST,
        f"{BASE_URL}/oauth/token",
        status=400,
        json={"error": "invalid_grant", "error_description": "refresh token revoked"},
    )

    with pytest.raises(errors.InvalidGrant):
        client.get("matters/1.json")


def test_a_token_refreshed_by_another_worker_is_reused(oauth, limiter, mocked):
    store = InMemoryTokenStore(Tokens(access_token="access-1", refresh_token="refresh-1"))
    client = ClioClient(base_url=BASE_URL, token_store=store, rate_limiter=limiter, oauth=oauth)
    token = mocked.add(responses.POST, f"{BASE_URL}/oauth/token", **_token_response("access-3"))

    def expired_then_someone_refreshed(request):
        # Another worker saves a new token while this call is in flight.
        store.save(Tokens(access_token="access-2", refresh_token="refresh-1"))
        return 401, {}, '{"error":"invalid_token"}'

    mocked.add_callback(responses.GET, f"{API}/matters/1.json", expired_then_someone_refreshed)
    mocked.add(responses.GET, f"{API}/matters/1.json", json={"data": {"id": 1}})

    client.get("matters/1.json")

    assert token.call_count == 0
    assert _bearer(mocked.calls[-1]) == "Bearer access-2"


def test_concurrent_401s_on_one_connection_refresh_only_once(oauth, limiter, mocked):
    store = InMemoryTokenStore(Tokens(access_token="access-1", refresh_token="refresh-1"))
    token = mocked.add(responses.POST, f"{BASE_URL}/oauth/token", **_token_response("access-2"))

    def by_token(request):
        if request.headers["Authorization"] == "Bearer access-1":
            time.sleep(0.05)  # let every thread see the stale token before anyone refreshes
            return 401, {}, '{"error":"invalid_token"}'
        return 200, {}, '{"data":{"id":1}}'

    mocked.add_callback(responses.GET, f"{API}/matters/1.json", by_token)
    failures: list[BaseException] = []

    def worker() -> None:
        client = ClioClient(base_url=BASE_URL, token_store=store, rate_limiter=limiter, oauth=oauth)
        try:
            client.get("matters/1.json")
        except BaseException as exc:  # collected, asserted below
            failures.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert token.call_count == 1


def test_a_known_expired_token_is_refreshed_before_the_call(oauth, limiter, mocked):
    store = InMemoryTokenStore(
        Tokens(access_token="access-1", refresh_token="refresh-1", expires_at=time.time() - 5)
    )
    client = ClioClient(base_url=BASE_URL, token_store=store, rate_limiter=limiter, oauth=oauth)
    mocked.add(responses.POST, f"{BASE_URL}/oauth/token", **_token_response("access-2"))
    mocked.add(responses.GET, f"{API}/matters/1.json", json={"data": {"id": 1}})

    client.get("matters/1.json")

    assert _bearer(mocked.calls[-1]) == "Bearer access-2"
    assert store.load().expires_at == pytest.approx(time.time() + 2592000, abs=5)
