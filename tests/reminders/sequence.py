"""An invoice sent to the emulators' client on a known Monday, and scans on chosen days.

Days are the firm's calendar days (America/New_York by default). The invoice goes out on
Monday 1 March 2027 at 10:00, so day 7 and day 21 are Mondays and day 30 a Wednesday.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings

from billing.models import ClioUser, Invoice
from billing.services.delivery import invoice_delivery_start
from integrations.models import MailboxMessage
from reminders.models import ReminderRun
from reminders.services.scan import ScanResult, reminders_scan
from tests.billing.sandbox_world import World, outbox_drain, smith_invoice

SENT_ON = date(2027, 3, 1)


def firm_moment(day: date, at: time = time(10, 0)) -> datetime:
    return datetime.combine(day, at, tzinfo=ZoneInfo(settings.FIRM_TIME_ZONE))


def day_of_sequence(n: int, at: time = time(10, 0)) -> datetime:
    return firm_moment(SENT_ON + timedelta(days=n), at)


def invoice_sent(
    world: World, *, amounts=(Decimal("875.00"),), attorney_user=None, on: datetime | None = None
) -> Invoice:
    """Approved and delivered through the outbox like any invoice: the client has the email."""
    with time_machine.travel(on or firm_moment(SENT_ON), tick=False):
        invoice = smith_invoice(amounts=amounts)
        jane, _ = ClioUser.objects.get_or_create(clio_id=3001, defaults={"name": "Jane Counsel"})
        if attorney_user is not None:
            jane.remit_user = attorney_user
            jane.save()
        invoice.matter.responsible_attorney = jane
        invoice.matter.save()
        invoice_delivery_start(invoice=invoice)
        outbox_drain()
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.SENT, invoice.status
    return invoice


def scan_at(moment: datetime, *, drain: bool = True) -> ScanResult:
    """The scheduled scan at ``moment``, then the outbox worker."""
    with time_machine.travel(moment, tick=False):
        result = reminders_scan()
        if drain:
            outbox_drain()
    return result


def reminder_emails(to: str = "john.smith@example.com") -> list[MailboxMessage]:
    return [
        m
        for m in MailboxMessage.objects.order_by("pk")
        if to in m.to and "reminder" in m.subject.lower()
    ]


def runs_of(invoice: Invoice) -> list[tuple[int, str, str]]:
    return list(
        ReminderRun.objects.filter(invoice=invoice)
        .order_by("day_offset")
        .values_list("day_offset", "status", "reason")
    )


def invoice_sent_here(
    *, sent_at: datetime | None = None, amount: str = "875.00", **matter
) -> Invoice:
    """A sent invoice made in the database only (no emulators): for what the scan decides."""
    from tests.billing.factories import MatterFactory, draft_with_lines

    invoice = draft_with_lines(matter=MatterFactory(**matter), amounts=(Decimal(amount),))
    number = f"R-2027-{invoice.pk:06d}"
    Invoice.objects.filter(pk=invoice.pk).update(
        status=Invoice.Status.SENT,
        number=number,
        sent_at=sent_at or firm_moment(SENT_ON),
        payment_url="https://secure.lawpay.test/pages/demo/operating?amount=87500",
    )
    invoice.refresh_from_db()
    return invoice
