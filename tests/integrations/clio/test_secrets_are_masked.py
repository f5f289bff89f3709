from __future__ import annotations

import logging

import pytest
import responses

from integrations.clio import Tokens, errors
from tests.integrations.clio.conftest import API, BASE_URL


def test_tokens_never_show_in_their_repr():
    tokens = Tokens(access_token="access-secret", refresh_token="refresh-secret", expires_at=1.0)

    assert "secret" not in repr(tokens)
    assert "secret" not in str(tokens)
    assert "secret" not in f"{tokens}"


def test_the_client_and_oauth_reprs_hide_credentials(client, oauth, store):
    assert "client-secret" not in repr(oauth)
    assert "access-1" not in repr(client)
    assert "access-1" not in repr(store)


def test_an_error_message_echoing_the_token_is_redacted(client, mocked):
    mocked.add(
        responses.GET,
        f"{API}/matters.json",
        status=403,
        json={"error": {"type": "ForbiddenError", "message": "token access-1 lacks Matters"}},
    )

    with pytest.raises(errors.Forbidden) as caught:
        client.get("matters.json")

    assert "access-1" not in str(caught.value)
    assert "***" in caught.value.message


def test_nothing_logged_contains_a_token(client, mocked, caplog):
    mocked.add(responses.GET, f"{API}/matters.json", status=401, json={"error": "invalid_token"})
    mocked.add(
        responses.POST,
        f"{BASE_URL}/oauth/token",
        json={"access_token": "access-2", "expires_in": 60},
    )
    mocked.add(responses.GET, f"{API}/matters.json", json={"data": {"id": 1}})

    with caplog.at_level(logging.DEBUG):
        client.get("matters.json")

    assert caplog.records
    for secret in ("access-1", "access-2", "refresh-1", "client-secret"):
        assert secret not in caplog.text


@pytest.mark.parametrize("cut_at", [190, 193, 195, 197])
def test_a_token_echoed_across_the_cut_of_a_plain_text_error_leaves_nothing_behind(
    client, mocked, cut_at
):
    # Plain-text error bodies are cut to 200 characters; the token must go before the cut, or
    # a token straddling it leaves its first characters in the message.
    body = "x" * cut_at + " access-1 is not allowed here"
    mocked.add(responses.GET, f"{API}/matters.json", status=403, body=body)

    with pytest.raises(errors.Forbidden) as caught:
        client.get("matters.json")

    message = caught.value.message
    token = "access-1"
    assert not any(message.endswith(token[:length]) for length in range(2, len(token) + 1))
