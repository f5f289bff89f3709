from urllib.parse import parse_qs, urlsplit

import requests

REDIRECT_URI = "http://127.0.0.1:8000/integrations/clio/callback/"
CLIENT = {"client_id": "remit-sandbox-client", "client_secret": "remit-sandbox-secret"}


def authorize_params(**extra):
    return {
        "client_id": CLIENT["client_id"],
        "response_type": "code",
        "redirect_uri": REDIRECT_URI,
        "state": "xyz-123",
        **extra,
    }


def allow(base_url, **extra):
    response = requests.post(
        f"{base_url}/oauth/authorize",
        data={**authorize_params(**extra), "decision": "allow"},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302
    return parse_qs(urlsplit(response.headers["Location"]).query)


def exchange(base_url, code, **overrides):
    return requests.post(
        f"{base_url}/oauth/token",
        data={
            **CLIENT,
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
            **overrides,
        },
        timeout=10,
    )


def test_it_shows_a_consent_page_with_allow_and_deny(clio_sandbox):
    response = requests.get(
        f"{clio_sandbox.base_url}/oauth/authorize", params=authorize_params(), timeout=10
    )

    assert response.status_code == 200
    assert "text/html" in response.headers["Content-Type"]
    assert "value='allow'" in response.text and "value='deny'" in response.text
    assert "Jane Counsel" in response.text


def test_it_redirects_with_a_code_and_the_state(clio_sandbox):
    query = allow(clio_sandbox.base_url)

    assert query["state"] == ["xyz-123"]
    assert query["code"][0]


def test_it_exchanges_the_code_for_bearer_tokens_that_work(clio_sandbox):
    code = allow(clio_sandbox.base_url)["code"][0]

    response = exchange(clio_sandbox.base_url, code)

    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 2592000
    assert body["refresh_token"]
    who = requests.get(
        f"{clio_sandbox.base_url}/api/v4/users/who_am_i.json",
        params={"fields": "id,name"},
        headers={"Authorization": f"Bearer {body['access_token']}"},
        timeout=10,
    )
    assert who.json()["data"] == {"id": 3001, "name": "Jane Counsel"}


def test_it_accepts_a_code_only_once(clio_sandbox):
    code = allow(clio_sandbox.base_url)["code"][0]
    assert exchange(clio_sandbox.base_url, code).status_code == 200

    again = exchange(clio_sandbox.base_url, code)

    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"


def test_it_rejects_a_code_with_another_redirect_uri(clio_sandbox):
    code = allow(clio_sandbox.base_url)["code"][0]

    response = exchange(clio_sandbox.base_url, code, redirect_uri="http://evil.example/cb")

    assert response.json()["error"] == "invalid_grant"


def test_it_rejects_bad_client_credentials(clio_sandbox):
    code = allow(clio_sandbox.base_url)["code"][0]

    response = exchange(clio_sandbox.base_url, code, client_secret="wrong")

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_it_refuses_an_unregistered_redirect_uri(clio_sandbox):
    response = requests.get(
        f"{clio_sandbox.base_url}/oauth/authorize",
        params=authorize_params(redirect_uri="http://127.0.0.1:9999/other"),
        allow_redirects=False,
        timeout=10,
    )

    assert response.status_code == 400
    assert "Location" not in response.headers


def test_it_redirects_with_access_denied_when_declined_and_asked_to(clio_sandbox):
    response = requests.post(
        f"{clio_sandbox.base_url}/oauth/authorize",
        data={**authorize_params(redirect_on_decline="true"), "decision": "deny"},
        allow_redirects=False,
        timeout=10,
    )

    assert response.status_code == 302
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query == {"error": ["access_denied"], "state": ["xyz-123"]}


def test_it_stays_on_a_failure_page_when_declined_without_redirect(clio_sandbox):
    response = requests.post(
        f"{clio_sandbox.base_url}/oauth/authorize",
        data={**authorize_params(), "decision": "deny"},
        allow_redirects=False,
        timeout=10,
    )

    assert response.status_code == 200
    assert "Failure error=access_denied" in response.text


def test_it_uses_the_configured_token_lifetime(clio_sandbox_factory):
    sandbox = clio_sandbox_factory(CLIO_SANDBOX_TOKEN_EXPIRES_IN="604800")
    code = allow(sandbox.base_url)["code"][0]

    assert exchange(sandbox.base_url, code).json()["expires_in"] == 604800
