import requests

from tests.sandbox.lawpay.support import VISA

CARD = {"method": "card", "number": VISA, "exp_month": "12", "exp_year": "2040"}


def _link(gateway):
    url = gateway.get("/payment-pages").json()["payment_pages"][0]["public_url"]
    return url + "?amount=50000&reference=ACME-2025-0007&readOnlyFields=amount,reference"


def test_locked_fields_render_read_only(gateway):
    html = requests.get(_link(gateway), timeout=10).text

    assert 'name="amount" type="text"\n         value="500.00"\n         readonly' in html
    assert 'value="ACME-2025-0007"\n         readonly' in html


def test_a_changed_locked_amount_is_refused_and_charges_nothing(gateway):
    page = requests.post(
        _link(gateway), data={"amount": "1.00", "reference": "ACME-2025-0007", **CARD}, timeout=10
    )

    assert page.status_code == 422
    assert "amount is read-only" in page.text
    assert gateway.get("/v1/transactions").json()["total_entries"] == 0


def test_a_changed_locked_reference_is_refused(gateway):
    page = requests.post(
        _link(gateway), data={"amount": "500.00", "reference": "OTHER", **CARD}, timeout=10
    )

    assert page.status_code == 422
    assert "reference is read-only" in page.text
    assert gateway.get("/v1/transactions").json()["total_entries"] == 0


def test_omitted_locked_fields_take_the_link_values(gateway):
    requests.post(_link(gateway), data=CARD, timeout=10)

    [charge] = gateway.get("/v1/transactions").json()["results"]
    assert (charge["amount"], charge["reference"]) == (50000, "ACME-2025-0007")


def test_fields_not_locked_can_be_edited(gateway):
    url = gateway.get("/payment-pages").json()["payment_pages"][0]["public_url"]

    requests.post(url + "?amount=50000&reference=X", data={"amount": "20.00", **CARD}, timeout=10)

    [charge] = gateway.get("/v1/transactions").json()["results"]
    assert charge["amount"] == 2000
