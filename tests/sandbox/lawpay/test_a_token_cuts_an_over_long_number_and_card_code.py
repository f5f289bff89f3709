"""A token keeps at most 19 digits of the number and 4 of the card code, so a 21-digit number
becomes a number that fails its check (card_number_invalid, "Card number is invalid") and a
5-digit code is accepted (reference §6 Errors; [GEM] token_spec.rb "card invalid due to
truncation", "should accept due to CVV truncation")."""


def test_a_21_digit_number_is_card_number_invalid(gateway):
    response = gateway.charge(method=gateway.token("411111111111111111112"))

    assert response.status_code == 422
    [message] = response.json()["messages"]
    assert (message["code"], message["message"]) == (
        "card_number_invalid",
        "Card number is invalid",
    )
    assert "context" not in message


def test_a_5_digit_card_code_is_accepted(gateway):
    charge = gateway.charged(method=gateway.token(cvv="12345"))

    assert charge["status"] == "AUTHORIZED"
