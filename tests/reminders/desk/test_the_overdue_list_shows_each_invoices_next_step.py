"""Billing staff's overdue list: every sent, unpaid invoice with its age, amount due, the last
reminder step and the next one; searchable; attorneys do not reach it."""

from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse

from billing.models import Invoice
from reminders.models import ReminderRun
from tests.reminders.desk.world import SENT_AT, invoice_sent, matter_of, run_record

OVERDUE = reverse("reminders:overdue")


def _listed(response) -> list[int]:
    return [row.invoice.pk for row in response.context["rows"]]


def test_a_row_shows_the_age_the_amount_due_and_the_last_and_next_steps(client, billing_clerk):
    invoice = invoice_sent(matter_of(None), total=Decimal("12345.60"))
    run_record(invoice, 7)
    client.force_login(billing_clerk)

    response = client.get(OVERDUE)

    [row] = response.context["rows"]
    assert row.invoice == invoice
    assert row.age == 35
    assert row.last_run.day_offset == 7
    assert (row.next_step.day_offset, row.next_due) == (21, date(2027, 3, 22))
    assert "$12,345.60" in response.text
    assert "Send reminder now" in response.text
    assert reverse("reminders:invoice", args=[invoice.pk]) in response.text


def test_a_later_step_already_done_leaves_no_earlier_step_to_come(client, billing_clerk):
    invoice = invoice_sent(matter_of(None))
    run_record(invoice, 21)
    client.force_login(billing_clerk)

    [row] = client.get(OVERDUE).context["rows"]

    assert row.next_step.day_offset == 30


def test_only_sent_invoices_not_paid_in_full_are_listed(client, billing_clerk):
    sent = invoice_sent(matter_of(None))
    partly = invoice_sent(matter_of(None), status=Invoice.Status.PARTIALLY_PAID)
    invoice_sent(matter_of(None), status=Invoice.Status.PAID)
    invoice_sent(matter_of(None), status=Invoice.Status.VOID)
    newer = invoice_sent(matter_of(None), sent_at=SENT_AT + timedelta(days=3))
    client.force_login(billing_clerk)

    assert _listed(client.get(OVERDUE)) == [sent.pk, partly.pk, newer.pk]  # oldest first


def test_the_list_finds_invoices_by_number_matter_or_client(client, billing_clerk):
    smith = invoice_sent(matter_of(None, display_number="00042-Smith", client__name="Ann Smith"))
    jones = invoice_sent(matter_of(None, display_number="00043-Jones", client__name="Bo Jones"))
    client.force_login(billing_clerk)

    assert _listed(client.get(OVERDUE, {"q": jones.number})) == [jones.pk]
    assert _listed(client.get(OVERDUE, {"q": "00042"})) == [smith.pk]
    assert _listed(client.get(OVERDUE, {"q": "bo jones"})) == [jones.pk]
    assert _listed(client.get(OVERDUE, {"q": "nobody"})) == []
    assert client.get(OVERDUE, {"q": "a\x00b"}).status_code == 200


def test_the_list_shows_25_invoices_a_page(client, billing_clerk):
    for _ in range(26):
        invoice_sent(matter_of(None))
    client.force_login(billing_clerk)

    assert len(client.get(OVERDUE).context["rows"]) == 25
    assert len(client.get(OVERDUE, {"page": "2"}).context["rows"]) == 1


def test_attorneys_do_not_reach_the_overdue_list(client, attorney):
    client.force_login(attorney)

    assert client.get(OVERDUE).status_code == 403
    assert not ReminderRun.objects.exists()
