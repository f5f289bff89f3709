"""An invoice's reminder history: every step, sent or skipped with its reason, automatic or by
whom; for those who may see the invoice (an attorney: their own matters only)."""

from django.urls import reverse

from reminders.models import ReminderRun
from tests.factories import UserFactory
from tests.reminders.desk.world import (
    attorney_make,
    invoice_sent,
    matter_of,
    review_flag,
    run_record,
)


def _history(invoice):
    return reverse("reminders:invoice", args=[invoice.pk])


def test_the_history_shows_sent_and_skipped_steps_and_who_sent_by_hand(client, attorney):
    clerk = UserFactory(username="carol", first_name="Carol", last_name="Clerk")
    invoice = invoice_sent(matter_of(attorney))
    run_record(invoice, 7, recipient="client@example.com", subject="Reminder: invoice due")
    run_record(invoice, 21, manual=True, by=clerk, recipient="client@example.com")
    run_record(
        invoice,
        30,
        status=ReminderRun.Status.SKIPPED,
        reason=ReminderRun.Reason.SNOOZED,
        detail="Snoozed until 2027-04-10.",
    )
    review_flag(invoice)
    client.force_login(attorney)

    response = client.get(_history(invoice))

    assert response.status_code == 200
    assert [run.day_offset for run in response.context["runs"]] == [7, 21, 30]
    text = response.text
    assert "client@example.com" in text and "Reminder: invoice due" in text
    assert "Automatic" in text
    assert "By hand, Carol Clerk" in text
    assert "Reminders snoozed: Snoozed until 2027-04-10." in text
    assert "2027-03-08 10:01" in text  # the day-7 send, in the firm's time zone
    assert "$1,234.56" in text
    assert "Day 30: still due." in text  # the desk's history


def test_billing_staff_see_any_invoices_history(client, billing_clerk):
    invoice = invoice_sent(matter_of(attorney_make("bob")))
    client.force_login(billing_clerk)

    assert client.get(_history(invoice)).status_code == 200


def test_another_attorneys_invoice_is_a_404(client, attorney):
    invoice = invoice_sent(matter_of(attorney_make("bob"), name="Bob Barrister"))
    client.force_login(attorney)

    assert client.get(_history(invoice)).status_code == 404
    assert client.get("/reminders/invoices/999999/").status_code == 404
    assert client.get(f"/reminders/invoices/{10**30}/").status_code == 404


def test_someone_without_the_desk_permission_is_refused(client, db):
    invoice = invoice_sent(matter_of(None))
    assert client.get(_history(invoice)).status_code == 302  # to the login page
    client.force_login(UserFactory(username="norole", role=None))

    assert client.get(_history(invoice)).status_code == 403
