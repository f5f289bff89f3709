"""Links built by links.py are honoured by the emulator's hosted payment page (reference §4)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests

from integrations.lawpay.links import payment_link_build


@dataclass
class Form:
    action: str = ""
    method: str = "get"
    fields: dict[str, dict[str, str | None]] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)


class FormParser(HTMLParser):
    """The first <form>: its action and each named control's attributes and submitted value."""

    def __init__(self) -> None:
        super().__init__()
        self.form: Form | None = None
        self._done = False
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self._done:
            return
        if tag == "form" and self.form is None:
            self.form = Form(
                action=attributes.get("action") or "", method=attributes.get("method") or "get"
            )
            return
        if self.form is None:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type") or "text"
            if kind == "radio":
                if "checked" in attributes:
                    self.form.values[name] = attributes.get("value") or ""
                return
            self.form.fields[name] = attributes
            self.form.values[name] = attributes.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.form.fields[name] = attributes
        elif tag == "option" and self._select and self._select not in self.form.values:
            self.form.values[self._select] = attributes.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form" and self.form is not None:
            self._done = True


def _form(url: str) -> Form:
    response = requests.get(url, timeout=10)
    assert response.status_code == 200, response.text
    parser = FormParser()
    parser.feed(response.text)
    assert parser.form is not None, "the hosted page has no form"
    return parser.form


def _is_locked(form: Form, name: str) -> bool:
    attributes = form.fields[name]
    return "readonly" in attributes or "disabled" in attributes


def _pay(url: str, form: Form, **overrides: str) -> requests.Response:
    values = {
        **form.values,
        "name": "Pat Client",
        "number": "4242424242424242",
        "exp_month": "12",
        "exp_year": str(date.today().year + 5),  # never expired
        "cvv": "123",
        **overrides,
    }
    return requests.post(urljoin(url, form.action), data=values, timeout=10)


def _link(gateway, *, page: str, amount: str, reference: str) -> str:
    return payment_link_build(
        public_url=gateway.page_urls[page],
        amount=Decimal(amount),
        reference=reference,
        email="pat+billing@example.com",
    )


def test_the_page_prefills_amount_reference_and_email_and_locks_amount_and_reference(gateway):
    url = _link(gateway, page="operating", amount="250.00", reference="SMITH & Co/2025-0042")
    form = _form(url)
    assert Decimal(form.values["amount"].lstrip("$").replace(",", "")) in {
        Decimal("250.00"),
        Decimal("25000"),
    }
    assert form.values["reference"] == "SMITH & Co/2025-0042"
    assert form.values["email"] == "pat+billing@example.com"
    assert _is_locked(form, "amount")
    assert _is_locked(form, "reference")
    assert not _is_locked(form, "email")


def test_paying_the_operating_page_creates_a_charge_found_by_reference(gateway):
    url = _link(gateway, page="operating", amount="250.00", reference="SMITH-2025-0042")
    response = _pay(url, _form(url))
    assert response.status_code < 400, response.text
    [charge] = gateway.client.transactions_search(
        account_id=gateway.operating_id, reference="SMITH-2025-0042"
    )
    assert (charge.type, charge.amount) == ("CHARGE", Decimal("250.00"))
    assert charge.is_live
    assert (
        list(
            gateway.client.transactions_search(
                account_id=gateway.trust_id, reference="SMITH-2025-0042"
            )
        )
        == []
    )


def test_paying_the_trust_page_deposits_into_the_trust_account(gateway):
    url = _link(gateway, page="trust", amount="1500.00", reference="SMITH-RETAINER-3")
    response = _pay(url, _form(url))
    assert response.status_code < 400, response.text
    [charge] = gateway.client.transactions_search(
        account_id=gateway.trust_id, reference="SMITH-RETAINER-3"
    )
    assert charge.amount == Decimal("1500.00")


def test_a_tampered_locked_amount_or_reference_is_not_charged(gateway):
    url = _link(gateway, page="operating", amount="250.00", reference="SMITH-2025-0043")
    _pay(url, _form(url), amount="1.00", reference="SOMETHING-ELSE")
    assert (
        list(
            gateway.client.transactions_search(
                account_id=gateway.operating_id, reference="SOMETHING-ELSE"
            )
        )
        == []
    )
    for charge in gateway.client.transactions_search(
        account_id=gateway.operating_id, reference="SMITH-2025-0043"
    ):
        assert charge.amount == Decimal("250.00")


def test_a_declined_card_on_the_page_leaves_no_live_charge(gateway):
    url = _link(gateway, page="operating", amount="80.00", reference="SMITH-2025-0044")
    _pay(url, _form(url), number="4000000000000002")
    found = gateway.client.transactions_search(
        account_id=gateway.operating_id, reference="SMITH-2025-0044"
    )
    assert not any(t.is_live for t in found)


def test_the_receipt_names_the_transaction_the_client_finds_by_reference(gateway):
    url = _link(gateway, page="operating", amount="42.00", reference="SMITH-2025-0045")
    response = _pay(url, _form(url))
    assert response.history and response.history[0].status_code == 303
    receipt_id = response.text.split('id="transaction-id">', 1)[1].split("<", 1)[0].strip()
    [charge] = gateway.client.transactions_search(
        account_id=gateway.operating_id, reference="SMITH-2025-0045"
    )
    assert charge.id == receipt_id
    assert gateway.client.transaction_get(receipt_id).amount == Decimal("42.00")
