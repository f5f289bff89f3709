"""Fields named inside braces of a record the emulator keeps as a sub-object are returned, and
only names of the spec's nested schema are taken: ``Matter.custom_rate`` is a
``MatterCustomRate`` (type, on_invoice, rates), ``Bill.currency`` a ``Currency_base``."""


def test_it_returns_a_matters_custom_rate_on_invoice(clio):
    data = clio.get("matters/1002.json", params={"fields": "custom_rate{type,on_invoice}"}).json()

    assert data["data"]["custom_rate"] == {"type": "FlatRate", "on_invoice": False}


def test_it_keeps_on_invoice_when_a_matter_is_given_a_custom_rate(clio):
    response = clio.patch(
        "matters/1001.json",
        params={"fields": "billing_method,custom_rate{type,on_invoice}"},
        json={"data": {"custom_rate": {"type": "FlatRate", "on_invoice": True}}},
    )

    assert response.status_code == 200, response.text
    assert response.json()["data"] == {
        "billing_method": "flat",
        "custom_rate": {"type": "FlatRate", "on_invoice": True},
    }


def test_it_returns_a_bills_currency_code(clio):
    data = clio.get("bills/801.json", params={"fields": "currency{code}"}).json()["data"]

    assert data["currency"] == {"code": "USD"}


def test_it_refuses_a_name_the_nested_schema_does_not_have(clio):
    response = clio.get("matters/1002.json", params={"fields": "custom_rate{amount}"})

    assert response.status_code == 400
    assert response.json()["error"] == {
        "type": "InvalidFields",
        "message": "amount is not a valid field",
    }
