"""The scheduled scan runs every 15 minutes and a person may run it by hand: the day-7 step is
claimed once, so the client gets one email however often the scan runs that day."""

from datetime import time

from integrations.models import OutboxMessage
from tests.reminders.sequence import day_of_sequence, invoice_sent, reminder_emails, scan_at


def test_three_scans_on_day_7_send_one_email(world):
    invoice = invoice_sent(world)

    first = scan_at(day_of_sequence(7, time(9, 30)))
    second = scan_at(day_of_sequence(7, time(9, 45)))
    third = scan_at(day_of_sequence(7, time(16, 0)))

    assert len(first.sent) == 1 and second.sent == [] and third.sent == []
    assert len(reminder_emails()) == 1
    assert OutboxMessage.objects.filter(kind="reminder.deliver").count() == 1
    notes = [
        n
        for n in world.clio_notes(1001)
        if invoice.number in n["subject"] and "reminder" in n["subject"]
    ]
    assert len(notes) == 1
