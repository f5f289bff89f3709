"""Reminders go out only in the firm's business hours (default weekdays 9:00–17:00, firm time
zone): a step due on a Saturday or in the evening waits, nothing recorded, and goes at the next
opening."""

from datetime import date, time

import pytest

from integrations.models import OutboxMessage
from reminders.models import ReminderRun, ReminderSettings
from tests.reminders.sequence import firm_moment, invoice_sent_here, scan_at

pytestmark = pytest.mark.django_db

FRIDAY = date(2027, 3, 5)  # sent on Friday: day 7 is a Friday too


def test_an_evening_scan_waits_for_the_next_morning():
    invoice = invoice_sent_here(sent_at=firm_moment(FRIDAY))

    evening = scan_at(firm_moment(date(2027, 3, 12), time(17, 0)), drain=False)
    assert evening.waiting == [invoice.pk] and evening.sent == []
    assert not ReminderRun.objects.exists()

    saturday = scan_at(firm_moment(date(2027, 3, 13), time(11, 0)), drain=False)
    assert saturday.waiting == [invoice.pk]
    assert saturday.next_business_start.date() == date(2027, 3, 15)  # Monday, 9:00

    early_monday = scan_at(firm_moment(date(2027, 3, 15), time(8, 59)), drain=False)
    assert early_monday.sent == []

    monday = scan_at(firm_moment(date(2027, 3, 15), time(9, 0)), drain=False)
    assert len(monday.sent) == 1
    assert OutboxMessage.objects.filter(kind="reminder.deliver").count() == 1


def test_the_firm_may_send_on_saturdays():
    ReminderSettings.objects.update(business_days=[0, 1, 2, 3, 4, 5])
    invoice_sent_here(sent_at=firm_moment(FRIDAY))

    saturday = scan_at(firm_moment(date(2027, 3, 13), time(11, 0)), drain=False)

    assert len(saturday.sent) == 1


def test_a_stopped_invoice_is_recorded_even_out_of_hours():
    """Recording a skip sends nothing, so it need not wait."""
    invoice = invoice_sent_here(sent_at=firm_moment(FRIDAY))
    invoice.disputed_at = firm_moment(FRIDAY)
    invoice.save()

    scan_at(firm_moment(date(2027, 3, 13), time(23, 0)), drain=False)

    assert ReminderRun.objects.get(invoice=invoice).reason == ReminderRun.Reason.DISPUTED
