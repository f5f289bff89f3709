"""Declines and the amount check carry the gateway's own message texts (reference §6 Errors and
Test data; texts from the official Ruby client's integration specs, [GEM] and the older
charge-io/chargeio-gem account spec, verbatim)."""

import pytest

TEXTS = [
    ("4000000000000002", "card_declined", "Card was declined"),
    (
        "4000000000000044",
        "card_declined_insufficient_funds",
        "Card was declined due to insufficient funds",
    ),
    (
        "4000000000000051",
        "card_declined_limit_exceeded",
        "Card was declined due to limits exceeded",
    ),
    ("4000000000000069", "card_expired", "Card is expired"),
    (
        "4000000000000119",
        "card_declined_processing_error",
        "Card was declined due to a processing error",
    ),
    ("4000000000000127", "card_declined_hold", "Card was declined"),
    ("4000000000000135", "card_type_not_accepted", "Card type is not accepted"),
    ("4000000000000101", "card_cvv_incorrect", "Card code is incorrect"),
    ("4242424242424241", "card_number_invalid", "Card number is invalid"),
]


@pytest.mark.parametrize(("number", "code", "text"), TEXTS)
def test_a_decline_says_what_the_gateway_says(gateway, number, code, text):
    [message] = gateway.charge(method=gateway.token(number)).json()["messages"]

    assert (message["code"], message["message"]) == (code, text)


def test_a_zero_amount_is_less_than_the_minimum_value(gateway):
    response = gateway.charge(0)

    assert response.status_code == 422
    [message] = response.json()["messages"]
    assert (message["code"], message["context"], message["sub_code"]) == (
        "invalid_data",
        "amount",
        "below_minimum_value",
    )
    assert message["message"] == "Amount is less than the minimum value"
