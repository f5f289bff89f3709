"""A 401 from the emulator triggers exactly one refresh, then the call succeeds."""

from __future__ import annotations

import time
from dataclasses import replace

import requests

from integrations.clio import InMemoryTokenStore
from tests.integrations.clio.sandbox import sandbox_client, sandbox_oauth, sandbox_tokens


def test_an_expired_token_is_refreshed_exactly_once(clio_sandbox_factory):
    sandbox = clio_sandbox_factory(CLIO_SANDBOX_TOKEN_EXPIRES_IN="1")
    # Pretend Remit does not know the expiry, so only Clio's 401 can tell it.
    store = InMemoryTokenStore(replace(sandbox_tokens(sandbox.base_url), expires_at=None))
    token_calls: list[requests.Response] = []
    oauth_session = requests.Session()
    oauth_session.hooks["response"].append(lambda response, *a, **k: token_calls.append(response))
    api_statuses: list[int] = []
    api_session = requests.Session()
    api_session.hooks["response"].append(
        lambda response, *a, **k: api_statuses.append(response.status_code)
    )
    client = sandbox_client(
        sandbox.base_url,
        store=store,
        oauth=sandbox_oauth(sandbox.base_url, session=oauth_session),
        session=api_session,
    )
    stale = store.load().access_token
    time.sleep(1.5)

    assert client.get("users/who_am_i.json", fields="id").data["id"]

    assert [response.status_code for response in token_calls] == [200]
    assert api_statuses == [401, 200]
    assert store.load().access_token != stale
