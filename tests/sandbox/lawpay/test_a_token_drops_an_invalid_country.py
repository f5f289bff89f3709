"""A country that is not an ISO 3166 alpha-2 code is dropped from the token, and the charge is
authorized without one (reference §3 Tokens; [GEM] token_spec.rb "should authorize with empty
country": "U", "USA", "ZZ")."""

import pytest

from tests.sandbox.lawpay.support import PUBLIC_KEY, VISA


@pytest.mark.parametrize("country", ["U", "USA", "ZZ"])
def test_the_token_and_the_charge_have_no_country(gateway, country):
    body = {"type": "card", "number": VISA, "exp_month": 12, "exp_year": 2040}
    token = gateway.with_key(PUBLIC_KEY).post("/v1/tokens", json=body | {"country": country})

    charge = gateway.charged(method=token.json()["id"])

    assert "country" not in token.json()
    assert "country" not in charge["method"]
    assert charge["status"] == "AUTHORIZED"


def test_a_valid_country_is_kept(gateway):
    charge = gateway.charged(method=gateway.token(country="CA", state="ON"))

    assert (charge["method"]["country"], charge["method"]["state"]) == ("CA", "ON")
