"""The hosted page tokenises what the payer typed and charges the token, so the data is
normalised like a token's and its mistakes come back on the form, with nothing charged
(reference §3 Tokens, §4 item 1; [GEM] token_spec.rb)."""

import requests

from tests.sandbox.lawpay.support import receipt_transaction_id

CARD = {"amount": "10.00", "method": "card", "number": "4242424242424242"}
CARD |= {"exp_month": "12", "exp_year": "2040"}


def _page_url(gateway) -> str:
    return gateway.get("/payment-pages").json()["payment_pages"][0]["public_url"]


def test_a_long_name_is_cut_to_64_characters(gateway):
    name = "Alexandria Catherine Montgomery-Fitzwilliam of the Greater Travis County Bar"

    page = requests.post(_page_url(gateway), data=CARD | {"name": name}, timeout=10)

    charge = gateway.get(f"/v1/transactions/{receipt_transaction_id(page.text)}").json()
    assert charge["method"]["name"] == name[:64]


def test_an_invalid_state_is_shown_and_nothing_is_charged(gateway):
    data = CARD | {"state": "Texas", "country": "US"}

    page = requests.post(_page_url(gateway), data=data, timeout=10)

    assert page.status_code == 422
    assert "State or province is invalid" in page.text
    assert gateway.get("/v1/transactions").json()["total_entries"] == 0
