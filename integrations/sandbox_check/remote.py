"""What the check reads from outside as a person or a client would: Clio's records (with
Remit's own connection), the hosted LawPay page (fetched and submitted over HTTP), and
whether a service answers at all."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from django.utils import timezone

from integrations.clio.client import ClioClient
from integrations.lawpay.client import is_loopback_host

TIMEOUT = 10
TEST_CARD = {"number": "4242424242424242", "exp_month": "12", "cvv": "123"}
BILLING_STATUS_FIELD = "Remit billing status"
CONNECTION_ERRORS = (
    ("refused", "connection refused"),
    ("reset", "connection reset"),
    ("name or service not known", "unknown host"),
    ("timed out", "connection timed out"),
)


class CheckFailed(Exception):
    """A check found something wrong; the message says what, for the person reading it."""


def unreachable(*, name: str, url: str) -> str:
    """Why ``url`` cannot be reached ("" when it answers at all, whatever the status)."""
    try:
        requests.get(url, timeout=5, allow_redirects=False)
    except requests.ConnectionError as exc:
        text = str(exc).lower()
        why = next((words for key, words in CONNECTION_ERRORS if key in text), "no connection")
        return f"{name} at {url} is unreachable ({why})."
    except requests.Timeout:
        return f"{name} at {url} did not answer within 5 seconds."
    except requests.RequestException as exc:
        return f"{name} at {url} cannot be reached: {exc}."
    return ""


def is_emulator(url: str) -> bool:
    return is_loopback_host(urlsplit(url).hostname or "")


@dataclass
class HostedForm:
    action: str = ""
    values: dict[str, str] = field(default_factory=dict)
    readonly: set[str] = field(default_factory=set)


class _FormParser(HTMLParser):
    """The page's first form: each named input's value and whether it is read-only."""

    def __init__(self) -> None:
        super().__init__()
        self.form: HostedForm | None = None
        self._done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if self._done:
            return
        if tag == "form" and self.form is None:
            self.form = HostedForm(action=attributes.get("action") or "")
            return
        name = attributes.get("name")
        if self.form is None or tag not in ("input", "select") or not name:
            return
        if attributes.get("type") == "radio":
            if "checked" in attributes:
                self.form.values[name] = attributes.get("value") or ""
            return
        self.form.values.setdefault(name, attributes.get("value") or "")
        if "readonly" in attributes:
            self.form.readonly.add(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.form is not None:
            self._done = True


def hosted_page_open(link: str) -> HostedForm:
    """GET the payment link as the client's browser would and read its form."""
    page = requests.get(link, timeout=TIMEOUT)
    if page.status_code != 200:
        raise CheckFailed(f"The payment link answered HTTP {page.status_code}: {link}")
    parser = _FormParser()
    parser.feed(page.text)
    if parser.form is None:
        raise CheckFailed(f"The payment link shows no payment form: {link}")
    return parser.form


def hosted_page_pay(link: str, form: HostedForm, *, name: str) -> str:
    """Submit the page's form with the test card; returns LawPay's transaction id."""
    # Five years ahead of whatever today is, so the test card never expires.
    expires = str(timezone.now().year + 5)
    values = {**form.values, "name": name, "method": "card", **TEST_CARD, "exp_year": expires}
    response = requests.post(urljoin(link, form.action), data=values, timeout=TIMEOUT)
    found = re.search(r'id="transaction-id">([^<]+)<', response.text)
    if response.status_code != 200 or found is None:
        error = re.search(r'id="error">([^<]+)<', response.text)
        detail = unescape(error.group(1)) if error else f"HTTP {response.status_code}"
        raise CheckFailed(f"LawPay's page did not take the test card payment: {detail}")
    return unescape(found.group(1)).strip()


def lawpay_settle_now(*, lawpay_url: str, transaction_id: str) -> None:
    """Ask the LawPay emulator to capture (settle) an authorisation now, as LawPay does once a
    day; only the emulator has this control."""
    if not is_emulator(lawpay_url):
        raise CheckFailed(
            f"LawPay at {lawpay_url} settles card payments once a day; the trust check needs "
            "the emulator's control to settle the deposit at once."
        )
    response = requests.post(
        f"{lawpay_url.rstrip('/')}/_sandbox/capture",
        json={"transaction_id": transaction_id},
        timeout=TIMEOUT,
    )
    if response.status_code != 200:
        raise CheckFailed(f"The LawPay emulator could not settle {transaction_id}.")


def clio_notes(client: ClioClient, *, matter_id: int) -> list[dict[str, Any]]:
    return list(
        client.list(
            "notes.json",
            fields={"id": None, "subject": None, "detail": None},
            params={"type": "Matter", "matter_id": matter_id},
        )
    )


def clio_billing_status(client: ClioClient, *, matter_id: int) -> str | None:
    matter = client.get(
        f"matters/{matter_id}.json",
        fields={"id": None, "custom_field_values": ("field_name", "value")},
    )
    for value in matter.data.get("custom_field_values") or []:
        if value.get("field_name") == BILLING_STATUS_FIELD:
            return value.get("value")
    return None


def clio_trust_transactions(
    client: ClioClient, *, matter_id: int, bank_account_id: int
) -> list[dict[str, Any]]:
    return list(
        client.list(
            "bank_transactions.json",
            fields={"id": None, "amount": None, "confirmation": None},
            params={"matter_id": matter_id, "bank_account_id": bank_account_id},
        )
    )


def clio_matter_trust_balance(
    client: ClioClient, *, matter_id: int, bank_account_id: int
) -> float | None:
    matter = client.get(
        f"matters/{matter_id}.json",
        fields={"id": None, "account_balances": ("id", "balance")},
    )
    for balance in matter.data.get("account_balances") or []:
        if balance.get("id") == bank_account_id:
            return balance.get("balance")
    return None
