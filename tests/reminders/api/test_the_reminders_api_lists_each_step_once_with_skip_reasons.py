from datetime import date, timedelta

import pytest

from reminders.models import ReminderRun, ReminderStep
from tests.reminders.api.desk import SENT_AT, api, sent_invoice


def _run(invoice, day, **fields):
    step = ReminderStep.objects.get(day_offset=day, active=True)
    return ReminderRun.objects.create(
        invoice=invoice,
        step=step,
        day_offset=day,
        action=step.action,
        due_on=date(2027, 3, 1) + timedelta(days=day),
        claimed_at=SENT_AT + timedelta(days=day),
        **fields,
    )


@pytest.fixture
def invoice(billing_clerk):
    invoice = sent_invoice()
    _run(invoice, 30, status="flagged", done_at=SENT_AT + timedelta(days=30))
    _run(invoice, 21, status="skipped", reason="snoozed", detail="Snoozed until 2027-03-25")
    _run(
        invoice,
        7,
        status="sent",
        manual=True,
        by=billing_clerk,
        amount_due="875.00",
        recipient="client@example.com",
        done_at=SENT_AT + timedelta(days=7),
    )
    return invoice


def test_each_step_is_listed_once_in_day_order(invoice, billing_clerk):
    response = api(billing_clerk).get("/api/v1/reminders/", {"invoice": invoice.pk})

    assert response.status_code == 200, response.json()
    assert [(r["day_offset"], r["action"], r["status"]) for r in response.json()] == [
        (7, "email", "sent"),
        (21, "email_with_link", "skipped"),
        (30, "flag_attorney", "flagged"),
    ]


def test_a_skip_says_why_in_words(invoice, billing_clerk):
    skipped = api(billing_clerk).get("/api/v1/reminders/", {"invoice": invoice.pk}).json()[1]

    assert skipped["reason"] == "snoozed"
    assert skipped["reason_label"] == "Reminders snoozed"
    assert skipped["detail"] == "Snoozed until 2027-03-25"
    assert skipped["done_at"] is None


def test_a_manual_send_names_who_sent_it_and_what_was_due(invoice, billing_clerk):
    sent = api(billing_clerk).get("/api/v1/reminders/", {"invoice": invoice.pk}).json()[0]

    assert sent["invoice"] == invoice.pk
    assert sent["invoice_number"] == "R-2027-000001"
    assert sent["manual"] is True and sent["by"] == "bill"
    assert (sent["amount_due"], sent["recipient"]) == ("875.00", "client@example.com")
    assert sent["due_on"] == "2027-03-08"


def test_another_invoices_runs_are_not_listed(invoice, billing_clerk):
    other = sent_invoice(number="R-2027-000002")

    response = api(billing_clerk).get("/api/v1/reminders/", {"invoice": other.pk})

    assert response.status_code == 200 and response.json() == []
