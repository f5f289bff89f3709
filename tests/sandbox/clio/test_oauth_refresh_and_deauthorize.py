import time

import requests

from .conftest import Clio

CLIENT = {"client_id": "remit-sandbox-client", "client_secret": "remit-sandbox-secret"}


def refresh(base_url, refresh_token):
    return requests.post(
        f"{base_url}/oauth/token",
        data={**CLIENT, "grant_type": "refresh_token", "refresh_token": refresh_token},
        timeout=10,
    )


def tokens(base_url, **params):
    return requests.post(f"{base_url}/_sandbox/token", json=params, timeout=10).json()


def test_it_refreshes_without_rotating_the_refresh_token(clio_sandbox):
    issued = tokens(clio_sandbox.base_url)

    first = refresh(clio_sandbox.base_url, issued["refresh_token"])
    second = refresh(clio_sandbox.base_url, issued["refresh_token"])

    assert first.status_code == 200 and second.status_code == 200
    body = first.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 2592000
    assert "refresh_token" not in body
    assert body["access_token"] != issued["access_token"]
    clio = Clio(clio_sandbox.base_url, body["access_token"])
    assert clio.get("users/who_am_i").status_code == 200


def test_it_rejects_an_unknown_refresh_token(clio_sandbox):
    response = refresh(clio_sandbox.base_url, "nope")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_it_revokes_the_grant_on_deauthorize(clio_sandbox):
    issued = tokens(clio_sandbox.base_url)
    clio = Clio(clio_sandbox.base_url, issued["access_token"])

    response = requests.post(
        f"{clio_sandbox.base_url}/oauth/deauthorize",
        data={"token": issued["access_token"]},
        headers={"Authorization": f"Bearer {issued['access_token']}"},
        timeout=10,
    )

    assert response.status_code == 200
    assert response.content == b""
    after = clio.get("users/who_am_i")
    assert after.status_code == 401
    assert after.json()["error"] == "invalid_token"
    assert refresh(clio_sandbox.base_url, issued["refresh_token"]).status_code == 400


def test_it_answers_invalid_token_once_a_token_expires(clio_sandbox):
    clio = Clio(clio_sandbox.base_url, tokens(clio_sandbox.base_url, expires_in=1)["access_token"])
    assert clio.get("users/who_am_i").status_code == 200

    time.sleep(1.2)
    response = clio.get("users/who_am_i")

    assert response.status_code == 401
    assert response.json() == {
        "error": "invalid_token",
        "error_description": "The access token provided is expired, revoked, malformed or "
        "invalid for other reasons.",
    }


def test_it_answers_invalid_token_without_a_token(clio_sandbox):
    response = requests.get(f"{clio_sandbox.base_url}/api/v4/matters.json", timeout=10)

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"
