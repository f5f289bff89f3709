"""Capturing or refunding a USD charge in another currency is 422 currency_mismatch, "Specified
currency does not match the transaction's currency", and changes nothing (reference §6 Errors,
currency_mismatch; [GEM] transaction_spec.rb capture and refund failures, with GBP)."""

TEXT = "Specified currency does not match the transaction's currency"


def test_a_capture_in_gbp_is_refused(gateway):
    charge = gateway.charged(auto_capture=False)

    response = gateway.post(
        f"/v1/charges/{charge['id']}/capture", json={"amount": 90, "currency": "GBP"}
    )

    assert response.status_code == 422
    [message] = response.json()["messages"]
    assert (message["code"], message["message"]) == ("currency_mismatch", TEXT)
    assert gateway.get(f"/v1/transactions/{charge['id']}").json()["status"] == "AUTHORIZED"


def test_a_refund_in_gbp_is_refused(gateway):
    charge = gateway.charged()

    response = gateway.post(
        f"/v1/charges/{charge['id']}/refund", json={"amount": 90, "currency": "GBP"}
    )

    assert response.status_code == 422
    [message] = response.json()["messages"]
    assert (message["code"], message["message"]) == ("currency_mismatch", TEXT)
    assert gateway.get(f"/v1/transactions/{charge['id']}").json()["amount_refunded"] == 0


def test_the_charges_own_currency_is_accepted(gateway):
    charge = gateway.charged()

    response = gateway.post(
        f"/v1/charges/{charge['id']}/refund", json={"amount": 90, "currency": "usd"}
    )

    assert response.status_code == 200
