import base64

import pytest
import requests

from tests.sandbox.lawpay.support import SECRET_KEY, error_code


def _get(gateway, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    return requests.get(f"{gateway.base_url}/v1/merchant", headers=headers, timeout=10)


def _basic(text):
    return "Basic " + base64.b64encode(text.encode()).decode()


def test_the_secret_key_with_a_trailing_colon_is_accepted(gateway):
    assert _get(gateway, _basic(SECRET_KEY + ":")).status_code == 200


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        _basic(SECRET_KEY),
        _basic(SECRET_KEY + ":password"),
        _basic("not-a-key:"),
        "Bearer " + SECRET_KEY,
        "Basic !!!",
    ],
    ids=["missing", "no-colon", "password", "unknown-key", "bearer", "garbage"],
)
def test_anything_else_is_not_authorized(gateway, authorization):
    response = _get(gateway, authorization)

    assert response.status_code == 401
    assert error_code(response) == "not_authorized"


def test_status_needs_no_key(gateway):
    response = requests.get(f"{gateway.base_url}/status", timeout=10)

    assert response.json() == {"status": "NORMAL"}
