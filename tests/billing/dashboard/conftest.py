from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine

from billing.models import Invoice, InvoiceLine, Payment
from tests.billing.factories import InvoiceFactory, MatterFactory

# 10:00 in New York on Monday 2026-03-16: the firm's "today" in these tests.
NOW = datetime(2026, 3, 16, 14, 0, tzinfo=UTC)


def firm_noon(day: date) -> datetime:
    """Noon at the firm (New York) on ``day``, as stored (UTC)."""
    return datetime(day.year, day.month, day.day, 17, 0, tzinfo=UTC)


def invoice_make(
    *,
    status=Invoice.Status.SENT,
    total="100.00",
    matter=None,
    sent_at=None,
    paid_at=None,
    approved_at=None,
    amount_paid="0.00",
    trust_applied="0.00",
    worked_on=None,
    **matter_fields,
) -> Invoice:
    """An invoice as the dashboard reads it; ``worked_on`` gives it one line of that date."""
    invoice = InvoiceFactory(
        matter=matter or MatterFactory(**matter_fields),
        status=status,
        total=Decimal(total),
        amount_paid=Decimal(amount_paid),
        trust_applied=Decimal(trust_applied),
        sent_at=sent_at,
        paid_at=paid_at,
        approved_at=approved_at,
        live=status not in (Invoice.Status.VOID, Invoice.Status.REJECTED),
    )
    if worked_on is not None:
        InvoiceLine.objects.create(
            invoice=invoice, date=worked_on, description="Work", amount=Decimal(total)
        )
    return invoice


def payment_make(*, invoice=None, amount="100.00", received_at, refunded="0.00", **fields):
    return Payment.objects.create(
        invoice=invoice,
        matter=invoice.matter if invoice else fields.pop("matter", None),
        lawpay_transaction_id=f"tx-{Payment.objects.count() + 1}-{received_at:%s}",
        lawpay_account_id="op-test",
        amount=Decimal(amount),
        amount_refunded=Decimal(refunded),
        received_at=received_at,
        **fields,
    )


@pytest.fixture
def make():
    return invoice_make


@pytest.fixture
def pay():
    return payment_make


@pytest.fixture
def frozen():
    """The clock stopped at ``NOW`` (whatever ``--today`` the suite runs under)."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
