"""POST /v1/tokens takes card data as typed; the gateway judges it only when the token is
charged, with 422 invalid_data on ``method.<field>`` (reference §3 Tokens and §8.3; the messages
are [GEM] spec/integration/token_spec.rb's, verbatim)."""

import pytest

from tests.sandbox.lawpay.support import PUBLIC_KEY

REFUSED_AT_CHARGE = [
    ({"number": ""}, "method.number", "not_blank", "Card number cannot be blank"),
    ({"number": "41111"}, "method.number", "invalid_length", "Card number length is invalid"),
    ({"cvv": "12"}, "method.cvv", "invalid_length", "Card code length is invalid"),
    ({"cvv": "54!"}, "method.cvv", "invalid", "Card code is invalid"),
    ({"state": "F", "country": "US"}, "method.state", "invalid", "State or province is invalid"),
    ({"state": "BIG", "country": "US"}, "method.state", "invalid", "State or province is invalid"),
    ({"state": "FX", "country": "US"}, "method.state", "invalid", "State or province is invalid"),
    ({"state": "TX", "country": "CA"}, "method.state", "invalid", "State or province is invalid"),
    ({"postal_code": "78"}, "method.postal_code", "invalid_length", "Postal code is invalid"),
]


@pytest.mark.parametrize(("fields", "context", "sub_code", "text"), REFUSED_AT_CHARGE)
def test_the_token_is_created_and_its_charge_is_invalid_data(
    gateway, fields, context, sub_code, text
):
    body = {"type": "card", "number": "4242424242424242", "exp_month": 12, "exp_year": 2040}
    token = gateway.with_key(PUBLIC_KEY).post("/v1/tokens", json=body | fields)
    assert token.status_code == 200, token.text

    response = gateway.charge(method=token.json()["id"])

    assert response.status_code == 422
    [message] = response.json()["messages"]
    assert message["code"] == "invalid_data"
    assert (message["context"], message["sub_code"], message["message"]) == (
        context,
        sub_code,
        text,
    )
    assert gateway.get("/v1/transactions").json()["total_entries"] == 0


@pytest.mark.parametrize(("field", "label"), [("exp_month", "month"), ("exp_year", "year")])
def test_an_unreadable_expiry_in_a_form_token_is_blank_at_charge(gateway, field, label):
    body = {"type": "card", "number": "4242424242424242", "exp_month": "12", "exp_year": "2040"}
    body[field] = "Feb" if field == "exp_month" else "201B"
    token = gateway.with_key(PUBLIC_KEY).post("/v1/tokens", data=body)
    assert token.status_code == 200, token.text

    [message] = gateway.charge(method=token.json()["id"]).json()["messages"]

    assert (message["context"], message["sub_code"]) == (f"method.{field}", "not_blank")
    assert message["message"] == f"Expiration {label} cannot be blank"
