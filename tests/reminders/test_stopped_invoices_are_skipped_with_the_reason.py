"""Void, disputed, snoozed and opted-out invoices get no reminder; each due step is recorded
as skipped with the reason a person can read, and nothing goes to the outbox."""

from datetime import date, timedelta

import pytest

from billing.models import Invoice
from integrations.models import OutboxMessage
from reminders.models import AttorneyReview, ReminderOptOut, ReminderRun
from tests.reminders.sequence import (
    SENT_ON,
    day_of_sequence,
    firm_moment,
    invoice_sent_here,
    scan_at,
)

pytestmark = pytest.mark.django_db
Reason = ReminderRun.Reason


def reason_on_day_7(invoice: Invoice) -> str:
    scan_at(day_of_sequence(7), drain=False)
    assert not OutboxMessage.objects.filter(kind="reminder.deliver").exists()
    return ReminderRun.objects.get(invoice=invoice, day_offset=7).reason


def test_a_void_invoice_is_skipped():
    invoice = invoice_sent_here()
    Invoice.objects.filter(pk=invoice.pk).update(status=Invoice.Status.VOID)

    assert reason_on_day_7(invoice) == Reason.VOID


def test_a_disputed_invoice_is_skipped():
    invoice = invoice_sent_here()
    Invoice.objects.filter(pk=invoice.pk).update(disputed_at=firm_moment(SENT_ON))

    assert reason_on_day_7(invoice) == Reason.DISPUTED


def test_a_client_who_opted_out_gets_no_reminder():
    invoice = invoice_sent_here()
    ReminderOptOut.objects.create(client=invoice.matter.client, reason="Payment plan agreed")

    assert reason_on_day_7(invoice) == Reason.OPTED_OUT_CLIENT


def test_a_matter_opted_out_gets_no_reminder():
    invoice = invoice_sent_here()
    ReminderOptOut.objects.create(matter=invoice.matter, reason="Pro bono follow-up")

    assert reason_on_day_7(invoice) == Reason.OPTED_OUT_MATTER


def test_a_snoozed_invoice_is_skipped_until_the_snooze_ends():
    invoice = invoice_sent_here()
    AttorneyReview.objects.create(
        invoice=invoice,
        matter=invoice.matter,
        flagged_at=firm_moment(SENT_ON),
        state=AttorneyReview.State.SNOOZED,
        snoozed_until=SENT_ON + timedelta(days=10),
    )

    assert reason_on_day_7(invoice) == Reason.SNOOZED

    scan_at(day_of_sequence(21), drain=False)
    assert ReminderRun.objects.get(invoice=invoice, day_offset=21).status == "sending"


def test_old_paid_invoices_are_not_read_at_all():
    """Only invoices paid within the sequence's reach get their skips written: an installation
    with years of history writes nothing for them."""
    invoice = invoice_sent_here(sent_at=firm_moment(date(2026, 1, 5)))
    Invoice.objects.filter(pk=invoice.pk).update(status=Invoice.Status.PAID)

    scan_at(day_of_sequence(7), drain=False)

    assert not ReminderRun.objects.exists()
