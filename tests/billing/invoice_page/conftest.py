"""An invoice approved by a named clerk at a known moment and sent; the page and its history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from billing.models import Invoice, Payment
from billing.services.review import invoice_approve
from integrations.models import OutboxMessage
from tests.billing.factories import draft_with_lines
from tests.billing.fixtures import _no_broker, deliveries, rules  # noqa: F401

# 10:00 in New York on Monday 16 March 2026: the approval in the tests below.
APPROVED_AT = datetime(2026, 3, 16, 14, 0, tzinfo=UTC)
LINK = "https://secure.lawpay.test/pages/demo/operating?amount=75000&reference=R&readOnlyFields=amount,reference"


def invoice_sent(*, approver=None, matter=None, amounts=(Decimal("300.00"), Decimal("450.00"))):
    """Approved at ``APPROVED_AT`` by ``approver`` and marked sent with its payment link."""
    with time_machine.travel(APPROVED_AT, tick=False):
        invoice = invoice_approve(
            invoice=draft_with_lines(matter=matter, amounts=amounts), user=approver
        )
    Invoice.objects.filter(pk=invoice.pk).update(
        status=Invoice.Status.SENT, sent_at=APPROVED_AT + timedelta(minutes=5), payment_url=LINK
    )
    invoice.refresh_from_db()
    return invoice


def outbox_row(invoice: Invoice, kind: str, **fields) -> OutboxMessage:
    fields.setdefault("dedupe_key", f"{kind}:test:{invoice.pk}:{OutboxMessage.objects.count()}")
    return OutboxMessage.objects.create(kind=kind, aggregate=f"invoice:{invoice.pk}", **fields)


def payment_of(invoice: Invoice, amount: str, transaction_id: str) -> Payment:
    payment = Payment.objects.create(
        invoice=invoice,
        matter=invoice.matter,
        lawpay_transaction_id=transaction_id,
        lawpay_account_id="op-test",
        amount=Decimal(amount),
        received_at=timezone.now(),
    )
    paid = invoice.amount_paid + payment.amount
    Invoice.objects.filter(pk=invoice.pk).update(
        amount_paid=paid,
        status=Invoice.Status.PAID if paid >= invoice.total else Invoice.Status.PARTIALLY_PAID,
    )
    invoice.refresh_from_db()
    return payment


def page(client, invoice: Invoice, **query) -> str:
    response = client.get(reverse("billing:invoice", args=[invoice.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def history(client, invoice: Invoice) -> str:
    response = client.get(
        reverse("integrations:invoice-history", args=[invoice.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def sent(billing_clerk, rules):  # noqa: F811 - the shared fixture
    return invoice_sent(approver=billing_clerk)
