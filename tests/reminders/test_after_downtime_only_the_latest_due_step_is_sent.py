"""Remit was down from day 5 to day 25: on its first scan only the day-21 reminder goes out;
day 7 is recorded as missed, never sent late in a burst."""

from reminders.models import ReminderRun
from tests.reminders.sequence import (
    day_of_sequence,
    invoice_sent,
    reminder_emails,
    runs_of,
    scan_at,
)


def test_the_first_scan_after_downtime_sends_only_day_21(world):
    invoice = invoice_sent(world)
    scan_at(day_of_sequence(5))

    result = scan_at(day_of_sequence(25))

    [email] = reminder_emails()
    assert email.subject.startswith("Second reminder")
    assert len(result.sent) == 1 and len(result.skipped) == 1
    assert runs_of(invoice) == [
        (7, ReminderRun.Status.SKIPPED, ReminderRun.Reason.MISSED),
        (21, ReminderRun.Status.SENT, ""),
    ]
    missed = ReminderRun.objects.get(invoice=invoice, day_offset=7)
    assert "day-21" in missed.detail

    scan_at(day_of_sequence(30))
    assert runs_of(invoice)[-1] == (30, ReminderRun.Status.FLAGGED, "")
    assert len(reminder_emails()) == 1
