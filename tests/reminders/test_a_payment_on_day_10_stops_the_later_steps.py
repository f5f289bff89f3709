"""The client pays in full on day 10 through the day-0 link: days 21 and 30 send nothing, and
each is recorded as stopped by the payment."""

import time_machine

from reminders.models import AttorneyReview, ReminderRun
from tests.billing.sandbox_world import lawpay_refetch
from tests.reminders.sequence import (
    day_of_sequence,
    invoice_sent,
    reminder_emails,
    runs_of,
    scan_at,
)


def test_a_payment_on_day_10_stops_days_21_and_30(world):
    invoice = invoice_sent(world)
    scan_at(day_of_sequence(7))
    with time_machine.travel(day_of_sequence(10), tick=False):
        lawpay_refetch(world.pay(invoice.payment_url))
    invoice.refresh_from_db()
    assert invoice.status == "paid"

    scan_at(day_of_sequence(21))
    scan_at(day_of_sequence(30))

    assert len(reminder_emails()) == 1  # day 7 only
    assert runs_of(invoice) == [
        (7, ReminderRun.Status.SENT, ""),
        (21, ReminderRun.Status.SKIPPED, ReminderRun.Reason.PAID),
        (30, ReminderRun.Status.SKIPPED, ReminderRun.Reason.PAID),
    ]
    assert not AttorneyReview.objects.filter(invoice=invoice).exists()
