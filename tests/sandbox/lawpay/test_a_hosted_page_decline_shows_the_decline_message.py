import requests

from tests.sandbox.lawpay.support import receipt_transaction_id


def test_a_declined_card_on_the_page_shows_why_and_records_no_payment(gateway):
    url = gateway.get("/payment-pages").json()["payment_pages"][0]["public_url"]

    page = requests.post(
        url + "?amount=1000",
        data={
            "amount": "10.00",
            "method": "card",
            "number": "4000000000000044",
            "exp_month": "1",
            "exp_year": "2040",
        },
        timeout=10,
    )

    assert page.status_code == 422
    assert "insufficient funds" in page.text
    assert "card_declined_insufficient_funds" in page.text
    assert 'id="transaction-id"' not in page.text
    completed = gateway.get("/v1/transactions", params={"qf": "status:AUTHORIZED"}).json()
    assert completed["total_entries"] == 0


def test_the_receipt_shows_the_transaction_id(gateway):
    url = gateway.get("/payment-pages").json()["payment_pages"][0]["public_url"]
    data = {"amount": "12.34", "method": "card", "number": "5105105105105100"}
    data |= {"exp_month": "3", "exp_year": "2040"}

    page = requests.post(url, data=data, timeout=10)

    transaction_id = receipt_transaction_id(page.text)
    assert gateway.get(f"/v1/transactions/{transaction_id}").json()["amount"] == 1234
