"""Card details sent inline as a charge's ``method`` are not normalised: what a token would cut
or drop is refused with invalid_data on ``method.<field>`` (reference §3 Create, §6 Errors; the
older charge-io/chargeio-gem account spec's inline ``:card`` failures, messages verbatim)."""

import pytest

LONG = "x" * 65
REFUSED = [
    ({"number": "41111"}, "method.number", "invalid_length", "Card number length is invalid"),
    (
        {"number": "411111111111111111112"},
        "method.number",
        "invalid_length",
        "Card number length is invalid",
    ),
    ({"exp_month": "Feb"}, "method.exp_month", "invalid", "Expiration month is invalid"),
    ({"exp_year": "201B"}, "method.exp_year", "invalid", "Expiration year is invalid"),
    ({"cvv": "12345"}, "method.cvv", "invalid_length", "Card code length is invalid"),
    ({"name": LONG}, "method.name", "invalid_length", "Name length is invalid"),
    ({"address1": LONG}, "method.address1", "invalid_length", "Street number length is invalid"),
    ({"address2": LONG}, "method.address2", "invalid_length", "Address length is invalid"),
    ({"city": LONG}, "method.city", "invalid_length", "City length is invalid"),
    (
        {"postal_code": "78726-12345"},
        "method.postal_code",
        "invalid_length",
        "Postal code is invalid",
    ),
    ({"postal_code": "78726+62A"}, "method.postal_code", "invalid", "Postal code is invalid"),
    ({"country": "USA"}, "method.country", "invalid_length", "Country length is invalid"),
    ({"country": "ZZ"}, "method.country", "invalid", "Country is invalid"),
    ({"state": "BIG", "country": "US"}, "method.state", "invalid", "State or province is invalid"),
]


@pytest.mark.parametrize(("fields", "context", "sub_code", "text"), REFUSED)
def test_the_inline_card_is_invalid_data_on_its_field(gateway, fields, context, sub_code, text):
    card = {"type": "card", "number": "4242424242424242", "exp_month": 12, "exp_year": 2040}

    response = gateway.charge(method=card | fields)

    assert response.status_code == 422
    [message] = response.json()["messages"]
    assert message["code"] == "invalid_data"
    assert (message["context"], message["sub_code"], message["message"]) == (
        context,
        sub_code,
        text,
    )
