"""An invoice on a matter closed in Clio gets no reminder; each due step says why."""

import pytest

from billing.models import Invoice, Matter
from integrations.models import OutboxMessage
from reminders.models import ReminderRun
from tests.reminders.sequence import day_of_sequence, invoice_sent_here, runs_of, scan_at

pytestmark = pytest.mark.django_db


def test_a_closed_matter_gets_no_reminder_and_the_skip_names_the_reason():
    invoice = invoice_sent_here(status=Matter.Status.CLOSED)

    scan_at(day_of_sequence(7), drain=False)
    scan_at(day_of_sequence(21), drain=False)

    assert runs_of(invoice) == [
        (7, ReminderRun.Status.SKIPPED, ReminderRun.Reason.MATTER_CLOSED),
        (21, ReminderRun.Status.SKIPPED, ReminderRun.Reason.MATTER_CLOSED),
    ]
    assert not OutboxMessage.objects.filter(kind="reminder.deliver").exists()
    run = ReminderRun.objects.get(invoice=invoice, day_offset=7)
    assert invoice.matter.display_number in run.detail


def test_the_final_invoice_of_a_closed_matter_is_reminded():
    """Billing drafts a final invoice because the matter closed; its client is reminded."""
    invoice = invoice_sent_here(status=Matter.Status.CLOSED)
    Invoice.objects.filter(pk=invoice.pk).update(trigger=Invoice.Trigger.MATTER_CLOSED)

    scan_at(day_of_sequence(7), drain=False)

    assert runs_of(invoice) == [(7, ReminderRun.Status.SENDING, "")]
    assert OutboxMessage.objects.filter(kind="reminder.deliver").count() == 1
