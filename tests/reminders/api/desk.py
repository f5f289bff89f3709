"""Sent invoices on an attorney's matters, their reminder runs and reviews, and an API client.

The invoice went out on Monday 1 March 2027 at 10:00 in New York; ``NOW`` is day 35, when the
day-30 flag has put it on the attorney's desk.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from rest_framework.test import APIClient

from billing.models import ClioUser, Invoice
from reminders.models import AttorneyReview
from tests.billing.factories import ClioUserFactory, InvoiceFactory, MatterFactory

SENT_AT = datetime(2027, 3, 1, 15, 0, tzinfo=UTC)
NOW = SENT_AT + timedelta(days=35)


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def sent_invoice(*, attorney=None, number: str = "R-2027-000001", total: str = "875.00"):
    """A sent invoice on a matter whose responsible attorney is ``attorney`` (a Remit user)."""
    clio_user = ClioUserFactory()
    if attorney is not None:
        clio_user = ClioUser.objects.filter(remit_user=attorney).first() or ClioUserFactory(
            remit_user=attorney
        )
    matter = MatterFactory(responsible_attorney=clio_user)
    invoice = InvoiceFactory(matter=matter, total=Decimal(total))
    Invoice.objects.filter(pk=invoice.pk).update(status="sent", number=number, sent_at=SENT_AT)
    invoice.refresh_from_db()
    return invoice


def review_of(invoice: Invoice, **fields) -> AttorneyReview:
    return AttorneyReview.objects.create(
        invoice=invoice,
        matter=invoice.matter,
        flagged_at=SENT_AT + timedelta(days=30),
        assigned_to=invoice.matter.responsible_attorney.name,
        **fields,
    )
