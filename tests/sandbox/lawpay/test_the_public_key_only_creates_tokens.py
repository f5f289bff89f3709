import pytest

from tests.sandbox.lawpay.support import PUBLIC_KEY, VISA, error_code


def test_the_public_key_creates_a_token_from_json_or_a_form(gateway):
    public = gateway.with_key(PUBLIC_KEY)
    card = {"number": VISA, "exp_month": "10", "exp_year": "2040", "cvv": "123"}

    as_json = public.post("/v1/tokens", json={"type": "card", **card})
    as_form = public.post("/v1/tokens", data={"type": "card", **card})

    for response in (as_json, as_form):
        assert response.status_code == 200, response.text
        token = response.json()
        assert len(token["id"]) == 22
        assert token["number"] == "************4242"
        assert token["cvv"] == "***"
        assert token["card_type"] == "VISA"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/merchant"),
        ("POST", "/v1/charges"),
        ("GET", "/v1/transactions"),
        ("GET", "/v1/events"),
        ("GET", "/payment-pages"),
    ],
)
def test_the_public_key_is_refused_everywhere_else(gateway, method, path):
    response = gateway.with_key(PUBLIC_KEY).request(method, path, json={"amount": 100})

    assert response.status_code == 401
    assert error_code(response) == "not_authorized"
