import requests

from tests.sandbox.lawpay.support import VISA, receipt_transaction_id, wait_for


def _page_url(gateway, title):
    pages = gateway.get("/payment-pages").json()["payment_pages"]
    return next(page for page in pages if page["title"] == title)


def test_a_trust_page_payment_is_a_charge_on_the_trust_account_with_its_reference(
    gateway, receiver
):
    gateway.events_urls(receiver.url)
    page = _page_url(gateway, "Trust Payment")
    link = page["public_url"] + "?amount=25000&reference=RET-42&readOnlyFields=amount,reference"

    form = requests.get(link, timeout=10)
    assert form.status_code == 200
    assert 'value="250.00"' in form.text
    paid = requests.post(
        link,
        data={
            "amount": "250.00",
            "reference": "RET-42",
            "email": "pat@example.com",
            "name": "Pat Client",
            "method": "card",
            "number": VISA,
            "exp_month": "12",
            "exp_year": "2040",
            "cvv": "123",
        },
        timeout=10,
    )

    assert paid.status_code == 200
    transaction_id = receipt_transaction_id(paid.text)
    charge = gateway.get(f"/v1/transactions/{transaction_id}").json()
    assert charge["account_id"] == page["merchant_account_id"]
    assert charge["account_id"] == gateway.accounts()["Trust"]
    assert charge["reference"] == "RET-42"
    assert charge["amount"] == 25000
    assert charge["status"] == "AUTHORIZED"
    assert charge["method"]["email"] == "pat@example.com"
    wait_for(lambda: len(receiver.events_for(transaction_id)) >= 2)
    events = receiver.events_for(transaction_id)
    types = [event["type"] for event in events]
    assert types == ["transaction.created", "transaction.authorized"]
    assert events[-1]["data"]["reference"] == "RET-42"


def test_an_echeck_on_the_operating_page_goes_to_the_operating_ach_account(gateway):
    page = _page_url(gateway, "Operating Payment")

    paid = requests.post(
        page["public_url"] + "?amount=5000&reference=INV-9&Invoice=3845",
        data={
            "amount": "50.00",
            "reference": "INV-9",
            "Invoice": "3845",
            "name": "Pat Client",
            "method": "bank",
            "routing_number": "000000013",
            "account_number": "123456789",
            "account_type": "CHECKING",
        },
        timeout=10,
    )

    charge = gateway.get(f"/v1/transactions/{receipt_transaction_id(paid.text)}").json()
    assert charge["account_id"] == page["ach_account_id"] == gateway.accounts()["Operating eCheck"]
    assert charge["method"]["type"] == "bank"
    assert charge["data"] == {"Invoice": "3845"}
