import pytest


def _only_message(response):
    body = response.json()
    assert set(body) == {"messages"}
    [message] = body["messages"]
    assert {"code", "level", "message", "facility"} <= set(message)
    return message


def test_malformed_json_is_a_400(gateway):
    response = gateway.post(
        "/v1/charges", data="{nope", headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 400
    assert _only_message(response)["code"] == "malformed_request"


def test_an_unknown_transaction_is_a_404(gateway):
    response = gateway.get("/v1/transactions/wKgFnjz8GamBPPzKzIsAAA")

    assert response.status_code == 404
    assert _only_message(response)["code"] == "resource_not_found"


def test_a_charge_without_a_method_is_no_payment_method(gateway):
    response = gateway.post("/v1/charges", json={"amount": 100})

    assert response.status_code == 422
    assert _only_message(response)["code"] == "no_payment_method"


@pytest.mark.parametrize(
    ("body", "context"),
    [
        ({"amount": "12.50"}, "amount"),
        ({"amount": 0}, "amount"),
        ({"amount": 100, "reference": "x" * 129}, "reference"),
        ({"amount": 100, "data": "not-an-object"}, "data"),
    ],
)
def test_invalid_fields_are_invalid_data_with_their_context(gateway, body, context):
    response = gateway.post("/v1/charges", json={"method": gateway.token(), **body})

    assert response.status_code == 422
    message = _only_message(response)
    assert (message["code"], message["context"]) == ("invalid_data", context)


def test_a_card_token_on_an_echeck_account_is_incorrect_payment_type(gateway):
    response = gateway.charge(account_id=gateway.accounts()["Trust eCheck"])

    assert _only_message(response)["code"] == "incorrect_payment_type"


def test_a_foreign_currency_is_refused(gateway):
    response = gateway.charge(currency="CAD")

    assert response.status_code == 422
    assert _only_message(response)["code"] == "currency_mismatch"
