"""A firm connected to both emulators over real sockets, with one approved invoice to deliver.

Used by the delivery and payments tests. Nothing here imports the emulators' code.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from html import unescape
from urllib.parse import urljoin

import pytest
import requests
from django.utils import timezone

from billing.models import Invoice, Matter
from integrations.clio.connection import clio_rate_limiter
from integrations.lawpay.connection import lawpay_client
from integrations.lawpay.events import lawpay_event_process, lawpay_transaction_upsert
from integrations.lawpay.links import payment_link_build
from integrations.models import (
    ClioConnection,
    InboundEvent,
    LawPayConnection,
    LawPayTransaction,
    MailboxMessage,
    OutboxMessage,
)
from integrations.outbox.relay import outbox_message_deliver
from tests.billing.factories import (
    ClientFactory,
    MatterFactory,
    MatterMappingFactory,
    draft_with_lines,
)
from tests.integrations.lawpay.test_sandbox_hosted_page import FormParser

# Five years ahead of whatever today is, so the test card never expires.
CARD = {
    "number": "4242424242424242",
    "exp_month": "12",
    "exp_year": str(date.today().year + 5),
    "cvv": "123",
}
BANK = {"method": "bank", "routing_number": "000000013", "account_number": "123456789"}


@dataclass
class World:
    clio_url: str
    lawpay_url: str
    operating_id: str
    trust_id: str
    operating_page: str

    # -- Clio (the emulator's API, read back with the connected client's token) -------------

    def clio_get(self, path: str, **params) -> dict:
        token = ClioConnection.objects.get().access_token
        response = requests.get(
            f"{self.clio_url}/api/v4/{path}",
            params=params,
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        response.raise_for_status()
        return response.json()

    def clio_notes(self, matter_id: int) -> list[dict]:
        return self.clio_get(
            "notes.json", type="Matter", matter_id=matter_id, fields="id,subject,detail"
        )["data"]

    def clio_billing_status(self, matter_id: int) -> str | None:
        matter = self.clio_get(
            f"matters/{matter_id}.json", fields="id,custom_field_values{field_name,value}"
        )
        values = matter["data"]["custom_field_values"]
        found = [v for v in values if v.get("field_name") == "Remit billing status"]
        return found[0]["value"] if found else None

    def clio_contact_email_set(self, contact_id: int, address: str) -> None:
        requests.post(
            f"{self.clio_url}/_sandbox/contacts/{contact_id}/email",
            json={"address": address},
            timeout=10,
        ).raise_for_status()

    # -- LawPay ------------------------------------------------------------------------------

    def pay(self, link: str, **overrides: str) -> str:
        """Pay through the hosted page's form, as a client would; returns the transaction id."""
        page = requests.get(link, timeout=10)
        assert page.status_code == 200, page.text
        parser = FormParser()
        parser.feed(page.text)
        form = parser.form
        values = {**form.values, "name": "John Smith", **CARD, **overrides}
        response = requests.post(urljoin(link, form.action), data=values, timeout=10)
        assert response.status_code == 200, response.text
        return re.search(r'id="transaction-id">([^<]+)<', response.text).group(1).strip()

    def link(self, *, amount: str, reference: str) -> str:
        return payment_link_build(
            public_url=self.operating_page, amount=Decimal(amount), reference=reference
        )

    def control(self, path: str, **body) -> dict:
        response = requests.post(f"{self.lawpay_url}/_sandbox/{path}", json=body, timeout=10)
        response.raise_for_status()
        return response.json()


def world_build(*, clio_url: str, lawpay_url: str) -> World:
    tokens = requests.post(f"{clio_url}/_sandbox/token", timeout=10).json()
    ClioConnection.objects.create(
        base_url=clio_url,
        client_id="remit-sandbox-client",
        client_secret="remit-sandbox-secret",
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
        token_expires_at=timezone.now() + timedelta(seconds=int(tokens["expires_in"])),
        status=ClioConnection.Status.CONNECTED,
    )
    credentials = requests.get(f"{lawpay_url}/_sandbox/credentials", timeout=10).json()
    cards = [a for a in credentials["accounts"] if a["mode"] == "TEST" and a["kind"] == "card"]
    operating = next(a["id"] for a in cards if not a["trust_account"])
    trust = next(a["id"] for a in cards if a["trust_account"])
    banks = [a for a in credentials["accounts"] if a["mode"] == "TEST" and a["kind"] == "bank"]
    page = next(
        p["public_url"]
        for p in credentials["pages"]
        if p["mode"] == "TEST" and p["public_url"].endswith("/operating")
    )
    LawPayConnection.objects.create(
        base_url=lawpay_url,
        secret_key=credentials["test_secret_key"],
        public_key=credentials["public_key"],
        operating_account_id=operating,
        trust_account_id=trust,
        operating_ach_account_id=next(a["id"] for a in banks if not a["trust_account"]),
        trust_ach_account_id=next(a["id"] for a in banks if a["trust_account"]),
        operating_page_url=page,
        webhook_token=secrets.token_urlsafe(32),
    )
    return World(clio_url, lawpay_url, operating, trust, page)


def smith_invoice(
    *, amounts=(Decimal("875.00"),), email="john.smith@example.com", number="R-2026-000001"
) -> Invoice:
    """An approved invoice on the emulator's matter 1001 (00001-Smith, client 2001)."""
    client = ClientFactory(clio_id=2001, name="John Smith", primary_email=email)
    matter = MatterFactory(
        clio_id=1001, display_number="00001-Smith", client=client, status=Matter.Status.OPEN
    )
    MatterMappingFactory(matter=matter, reference="00001-Smith")
    invoice = draft_with_lines(
        matter=matter,
        amounts=amounts,
        period_start=date(2026, 10, 1),
        period_end=date(2026, 10, 31),
    )
    Invoice.objects.filter(pk=invoice.pk).update(
        status=Invoice.Status.APPROVED,
        number=number,
        approved_at=timezone.now(),
        due_date=date(2026, 12, 25),
    )
    invoice.refresh_from_db()
    return invoice


def outbox_drain(*, rounds: int = 5) -> list[OutboxMessage]:
    """Deliver every pending outbox row (and the rows their handlers record), as the worker."""
    delivered = []
    for _ in range(rounds):
        pending = list(OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING))
        if not pending:
            break
        for message in pending:
            delivered.append(outbox_message_deliver(message_id=message.pk))
    failed = OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT)
    assert not failed.exists(), [(m.kind, m.last_error) for m in failed]
    return delivered


def pay_link_from_email(message: MailboxMessage) -> str:
    return unescape(re.search(r'id="pay-link" href="([^"]+)"', message.html).group(1))


def lawpay_refetch(transaction_id: str) -> LawPayTransaction:
    """What the LawPay event processing does once an event names ``transaction_id``."""
    from django.db import transaction

    from integrations.lawpay.payments import payment_record_from_lawpay

    remote = lawpay_client().transaction_get(transaction_id)
    with transaction.atomic():
        row = lawpay_transaction_upsert(remote=remote)
        payment_record_from_lawpay(transaction=row)
    return row


def lawpay_events_process() -> int:
    """Every event LawPay has, stored as received and processed by the integrations code."""
    processed = 0
    for event in reversed(list(lawpay_client().events_list())):
        body = json.dumps(dict(event.raw))
        stored, created = InboundEvent.objects.get_or_create(
            source="lawpay", dedupe_key=event.id, defaults={"body": body, "body_sha256": "-"}
        )
        if created:
            lawpay_event_process(event=stored)
            processed += 1
    return processed


@pytest.fixture
def world(db, clio_sandbox, lawpay_sandbox, settings) -> World:
    settings.CLIO_BASE_URL = clio_sandbox.base_url
    settings.LAWPAY_BASE_URL = lawpay_sandbox.base_url
    settings.REMIT_PUBLIC_URL = "http://testserver"
    settings.EMAIL_BACKEND = "integrations.email.backend.MailboxBackend"
    # Each test has a fresh emulator token; the in-process limiter must not carry counts over.
    clio_rate_limiter.cache_clear()
    return world_build(clio_url=clio_sandbox.base_url, lawpay_url=lawpay_sandbox.base_url)
