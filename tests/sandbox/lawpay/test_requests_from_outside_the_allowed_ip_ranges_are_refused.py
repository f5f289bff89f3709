"""api_allowed_ip_address_ranges limits where secret-key requests may come from; an empty list
allows any IP. Public-key tokenisation (the payer's browser) is not limited."""

from tests.sandbox.lawpay.support import PUBLIC_KEY, VISA


def _allow(gateway, ranges: str):
    merchant = gateway.get("/v1/merchant").json()
    response = gateway.put(
        "/v1/merchant", json=merchant | {"api_allowed_ip_address_ranges": ranges}
    )
    assert response.status_code == 200, response.text


def test_a_secret_key_request_from_outside_the_ranges_is_not_authorized(gateway):
    _allow(gateway, "203.0.113.0/24")

    response = gateway.get("/v1/merchant")

    assert response.status_code == 401
    [message] = response.json()["messages"]
    assert message["code"] == "not_authorized"
    assert message["context"] == "api_allowed_ip_address_ranges"


def test_a_request_from_inside_the_ranges_is_served(gateway):
    _allow(gateway, "203.0.113.0/24,127.0.0.0/8")

    assert gateway.get("/v1/merchant").status_code == 200


def test_tokenising_with_the_public_key_is_not_limited(gateway):
    _allow(gateway, "203.0.113.0/24")

    body = {"type": "card", "number": VISA, "exp_month": 12, "exp_year": 2040}
    response = gateway.with_key(PUBLIC_KEY).post("/v1/tokens", json=body)

    assert response.status_code == 200


def test_a_range_that_is_not_cidr_is_invalid_data(gateway):
    merchant = gateway.get("/v1/merchant").json()

    response = gateway.put(
        "/v1/merchant", json=merchant | {"api_allowed_ip_address_ranges": "not-an-ip"}
    )

    assert response.status_code == 422
    assert response.json()["messages"][0]["context"] == "api_allowed_ip_address_ranges"
