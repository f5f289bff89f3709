"""OAuth against the emulator: consent → code → token → refresh → revoke (issue #3)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from integrations.clio import ClioClient, ClioRateLimiter, InMemoryTokenStore, errors
from integrations.clio.oauth import oauth_state_new
from tests.integrations.clio.sandbox import REDIRECT_URI, consent_submit, sandbox_oauth


def _redirect_query(response: requests.Response) -> dict[str, str]:
    assert response.status_code in (301, 302, 303, 307), response.text[:500]
    location = response.headers["Location"]
    assert location.startswith(REDIRECT_URI)
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


def _who_am_i(base_url: str, store: InMemoryTokenStore) -> dict:
    client = ClioClient(base_url=base_url, token_store=store, rate_limiter=ClioRateLimiter())
    return client.get("users/who_am_i.json", fields="id,name").data


def test_code_token_refresh_and_revoke(clio_sandbox):
    oauth = sandbox_oauth(clio_sandbox.base_url)
    state = oauth_state_new()

    callback = _redirect_query(
        consent_submit(requests.Session(), oauth.authorize_url(state=state), allow=True)
    )
    assert callback["state"] == state
    tokens = oauth.exchange_code(code=callback["code"])
    assert tokens.refresh_token
    assert tokens.expires_at is not None
    store = InMemoryTokenStore(tokens)
    assert _who_am_i(clio_sandbox.base_url, store)["id"]

    refreshed = oauth.refresh(tokens=tokens)
    assert refreshed.access_token != tokens.access_token
    assert refreshed.refresh_token  # kept when the answer carries none
    store.save(refreshed)
    assert _who_am_i(clio_sandbox.base_url, store)["id"]

    oauth.deauthorize(tokens=refreshed)
    with pytest.raises(errors.InvalidToken):
        _who_am_i(clio_sandbox.base_url, store)


def test_a_code_cannot_be_exchanged_twice(clio_sandbox):
    oauth = sandbox_oauth(clio_sandbox.base_url)
    callback = _redirect_query(
        consent_submit(requests.Session(), oauth.authorize_url(state="s"), allow=True)
    )
    oauth.exchange_code(code=callback["code"])

    with pytest.raises(errors.InvalidGrant):
        oauth.exchange_code(code=callback["code"])


def test_a_declined_consent_comes_back_as_access_denied(clio_sandbox):
    oauth = sandbox_oauth(clio_sandbox.base_url)
    state = oauth_state_new()

    callback = _redirect_query(
        consent_submit(requests.Session(), oauth.authorize_url(state=state), allow=False)
    )

    assert callback == {"error": "access_denied", "state": state}


def test_a_wrong_client_secret_is_invalid_client(clio_sandbox):
    from integrations.clio import ClioOAuth

    oauth = ClioOAuth(
        base_url=clio_sandbox.base_url,
        client_id="remit-sandbox-client",
        client_secret="wrong",
        redirect_uri=REDIRECT_URI,
    )
    callback = _redirect_query(
        consent_submit(requests.Session(), oauth.authorize_url(state="s"), allow=True)
    )

    with pytest.raises(errors.InvalidClient):
        oauth.exchange_code(code=callback["code"])
