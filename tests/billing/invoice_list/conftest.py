from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from billing.models import Invoice
from tests.billing.factories import InvoiceFactory, MatterFactory
from tests.billing.fixtures import _no_broker, deliveries, rules  # noqa: F401

# 10:00 in New York on 2026-03-16: the firm's "today" in the tests below.
NOW = datetime(2026, 3, 16, 14, 0, tzinfo=UTC)


def invoice_make(
    *,
    status=Invoice.Status.SENT,
    total="100.00",
    matter=None,
    number=None,
    created_at=datetime(2026, 3, 1, 15, 0, tzinfo=UTC),
    sent_at=None,
    due_date=None,
    amount_paid="0.00",
    trust_applied="0.00",
    **matter_fields,
) -> Invoice:
    """An invoice as the list sees it; figures as strings, so each test reads like its sums."""
    invoice = InvoiceFactory(
        matter=matter or MatterFactory(**matter_fields),
        status=status,
        number=number,
        total=Decimal(total),
        amount_paid=Decimal(amount_paid),
        trust_applied=Decimal(trust_applied),
        sent_at=sent_at,
        due_date=due_date,
        live=status not in (Invoice.Status.VOID, Invoice.Status.REJECTED),
    )
    # created_at is set on insert; the list dates unsent invoices by it.
    Invoice.objects.filter(pk=invoice.pk).update(created_at=created_at)
    invoice.refresh_from_db()
    return invoice


def sent_on(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 15, 0, tzinfo=UTC)


@pytest.fixture
def make():
    return invoice_make
