def test_a_string_amount_and_an_integer_amount_are_the_same_cents(gateway):
    as_string = gateway.charged("50000")
    as_integer = gateway.charged(50000)

    assert as_string["amount"] == as_integer["amount"] == 50000
    assert as_string["currency"] == "USD"


def test_data_round_trips_on_the_transaction(gateway):
    data = {"remit_invoice_id": "0b7c", "matter": {"number": "00042"}}

    charge = gateway.charged(reference="ACME-7", data=data)

    fetched = gateway.get(f"/v1/transactions/{charge['id']}").json()
    assert fetched["data"] == data
    assert fetched["reference"] == "ACME-7"


def test_without_an_account_id_a_card_charge_lands_in_the_primary_account(gateway):
    charge = gateway.charged()

    assert charge["account_id"] == gateway.accounts()["Operating"]
