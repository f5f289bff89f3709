from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from integrations.clio import Tokens, errors, oauth_state_new
from tests.integrations.clio.conftest import BASE_URL


def test_the_authorize_url_carries_client_redirect_and_state_but_no_scope(oauth):
    url = oauth.authorize_url(state="st-1")

    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{BASE_URL}/oauth/authorize"
    assert parse_qs(parts.query) == {
        "response_type": ["code"],
        "client_id": ["client-id"],
        "redirect_uri": ["https://remit.test/integrations/clio/callback/"],
        "state": ["st-1"],
        "redirect_on_decline": ["true"],
    }


def test_states_are_unguessable_and_unique():
    states = {oauth_state_new() for _ in range(50)}

    assert len(states) == 50
    assert all(len(state) >= 40 for state in states)


def test_a_code_is_exchanged_form_encoded_for_tokens(oauth, mocked, frozen_time):
    token = mocked.add(
        responses.POST,
        f"{BASE_URL}/oauth/token",
        json={
            "token_type": "bearer",
            "access_token": "access-1",
            "refresh_token": "refresh-1",
            "expires_in": 604800,
        },
    )

    tokens = oauth.exchange_code(code="code-1")

    assert tokens.access_token == "access-1"
    assert tokens.refresh_token == "refresh-1"
    assert tokens.expires_at == 1_800_000_000 + 604800  # the expires_in received, not a constant
    request = token.calls[0].request
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert parse_qs(request.body) == {
        "grant_type": ["authorization_code"],
        "code": ["code-1"],
        "redirect_uri": ["https://remit.test/integrations/clio/callback/"],
        "client_id": ["client-id"],
        "client_secret": ["client-secret"],
    }


def test_a_refresh_that_returns_a_new_refresh_token_keeps_it(oauth, mocked):
    mocked.add(
        responses.POST,
        f"{BASE_URL}/oauth/token",
        json={"access_token": "access-2", "refresh_token": "refresh-2", "expires_in": 60},
    )

    tokens = oauth.refresh(tokens=Tokens(access_token="access-1", refresh_token="refresh-1"))

    assert tokens.refresh_token == "refresh-2"


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        ("invalid_grant", errors.InvalidGrant),
        ("invalid_client", errors.InvalidClient),
        ("unsupported_grant_type", errors.OAuthError),
    ],
)
def test_a_refused_code_raises_a_typed_oauth_error(oauth, mocked, error, expected):
    mocked.add(
        responses.POST,
        f"{BASE_URL}/oauth/token",
        status=400,
        json={"error": error, "error_description": "code-1 is not valid"},
    )

    with pytest.raises(expected) as caught:
        oauth.exchange_code(code="code-1")

    assert "code-1" not in str(caught.value)


def test_deauthorize_posts_the_token_as_bearer_and_form(oauth, mocked):
    call = mocked.add(responses.POST, f"{BASE_URL}/oauth/deauthorize", status=200)

    oauth.deauthorize(tokens=Tokens(access_token="access-1", refresh_token="refresh-1"))

    request = call.calls[0].request
    assert request.headers["Authorization"] == "Bearer access-1"
    assert parse_qs(request.body) == {"token": ["access-1"]}
