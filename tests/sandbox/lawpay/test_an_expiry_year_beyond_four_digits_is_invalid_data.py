"""An expiry year past 9999 is 422 invalid_data on ``method.exp_year`` ("Expiration year is
invalid"), a past year is card_expired ("Card is expired") (reference §6 Errors; [GEM]
token_spec.rb: 10001 and 2012). The sub_code exceeds_maximum_value is UNVERIFIED (the spec
asserts the message only)."""

from datetime import UTC, datetime


def test_year_10001_is_invalid_data(gateway):
    response = gateway.charge(method=gateway.token(exp_year=10001))

    assert response.status_code == 422
    [message] = response.json()["messages"]
    assert (message["code"], message["context"]) == ("invalid_data", "method.exp_year")
    assert (message["sub_code"], message["message"]) == (
        "exceeds_maximum_value",
        "Expiration year is invalid",
    )


def test_year_9999_is_accepted(gateway):
    assert gateway.charged(method=gateway.token(exp_year=9999))["status"] == "AUTHORIZED"


def test_last_year_is_card_expired(gateway):
    last_year = datetime.now(UTC).year - 1

    response = gateway.charge(method=gateway.token(exp_month=12, exp_year=last_year))

    [message] = response.json()["messages"]
    assert (message["code"], message["message"]) == ("card_expired", "Card is expired")
