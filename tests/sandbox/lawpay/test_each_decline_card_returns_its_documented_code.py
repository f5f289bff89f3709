import pytest

from tests.sandbox.lawpay.support import error_code

DECLINES = [
    ("4000000000000002", "card_declined"),
    ("4000000000000044", "card_declined_insufficient_funds"),
    ("4000000000000051", "card_declined_limit_exceeded"),
    ("4000000000000069", "card_expired"),
    ("4000000000000119", "card_declined_processing_error"),
    ("4000000000000127", "card_declined_hold"),
    ("4242424242424241", "card_number_invalid"),
    ("4000000000000135", "card_type_not_accepted"),
]


@pytest.mark.parametrize(("number", "code"), DECLINES)
def test_a_decline_card_returns_its_code_as_a_422(gateway, number, code):
    response = gateway.charge(method=gateway.token(number))

    assert response.status_code == 422
    [message] = response.json()["messages"]
    assert message["code"] == code
    assert message["level"] == "error"
    assert message["facility"] in ("gateway", "payment_processor")
    assert message["message"]


def test_a_declined_charge_is_recorded_as_failed_with_its_failure_code(gateway):
    response = gateway.charge(method=gateway.token("4000000000000002"))

    failed = gateway.get(f"/v1/transactions/{response.json()['messages'][0]['entity_id']}")
    assert failed.json()["status"] == "FAILED"
    assert failed.json()["failure_code"] == "card_declined"


def test_a_card_past_its_expiry_is_expired(gateway):
    response = gateway.charge(method=gateway.token(exp_month=1, exp_year=2001))

    assert error_code(response) == "card_expired"


@pytest.mark.parametrize(
    "number", ["4242424242424242", "4012888888881881", "5105105105105100", "378282246310005"]
)
def test_the_documented_good_cards_are_authorized(gateway, number):
    charge = gateway.charged(method=gateway.token(number))

    assert charge["status"] == "AUTHORIZED"
    assert charge["method"]["number"].endswith(number[-4:])
    assert charge["method"]["number"].startswith("*")
