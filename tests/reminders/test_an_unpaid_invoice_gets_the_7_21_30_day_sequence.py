"""The whole sequence over the emulators: day 7 email, day 21 email with the payment link,
day 30 flag on the attorney's desk with a Clio task; each send a Clio matter note."""

import re
from html import unescape

from django.conf import settings

from reminders.models import AttorneyReview, ReminderRun
from tests.reminders.sequence import (
    day_of_sequence,
    invoice_sent,
    reminder_emails,
    runs_of,
    scan_at,
)


def test_day_7_sends_the_first_reminder_and_notes_it_in_clio(world):
    invoice = invoice_sent(world)

    scan_at(day_of_sequence(6))
    assert reminder_emails() == []

    scan_at(day_of_sequence(7))

    [email] = reminder_emails()
    assert email.subject == f"Reminder: invoice {invoice.number} from {settings.FIRM_NAME}"
    assert "$875.00" in email.text
    assert 'id="pay-link"' not in email.html  # the direct link waits for day 21
    assert runs_of(invoice) == [(7, ReminderRun.Status.SENT, "")]
    notes = world.clio_notes(1001)
    assert any(f"reminder for invoice {invoice.number} sent" in n["subject"] for n in notes)


def test_day_21_carries_the_direct_payment_link_for_the_amount_due(world):
    invoice = invoice_sent(world)
    scan_at(day_of_sequence(7))

    scan_at(day_of_sequence(21))

    _first, second = reminder_emails()
    link = unescape(re.search(r'id="pay-link" href="([^"]+)"', second.html).group(1))
    assert "amount=87500" in link
    assert "$875.00" in second.subject
    assert runs_of(invoice) == [
        (7, ReminderRun.Status.SENT, ""),
        (21, ReminderRun.Status.SENT, ""),
    ]


def test_day_30_flags_the_matter_for_its_attorney_with_a_clio_task(world):
    invoice = invoice_sent(world)
    scan_at(day_of_sequence(7))
    scan_at(day_of_sequence(21))

    scan_at(day_of_sequence(30))

    assert len(reminder_emails()) == 2  # the flag emails nobody
    review = AttorneyReview.objects.get(invoice=invoice)
    assert review.state == AttorneyReview.State.OPEN
    assert review.assigned_to == "Jane Counsel"
    tasks = world.clio_get("tasks.json", matter_id=1001, fields="id,name,assignee,priority,due_at")[
        "data"
    ]
    [task] = [t for t in tasks if invoice.number in t["name"]]
    assert task["assignee"]["id"] == 3001
    assert task["priority"] == "High"
    assert task["due_at"].startswith("2027-03-31")
    notes = [n["subject"] for n in world.clio_notes(1001)]
    assert f"Remit: invoice {invoice.number} flagged for attorney review" in notes
    assert runs_of(invoice)[-1] == (30, ReminderRun.Status.FLAGGED, "")
