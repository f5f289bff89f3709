from datetime import date, timedelta

from django.urls import reverse

from billing.models import Invoice
from reminders.models import ReminderRun, ReminderStep
from tests.billing.dashboard.conftest import firm_noon

SENT = date(2026, 1, 5)


def paid_after(make, days: int) -> Invoice:
    paid_at = firm_noon(SENT + timedelta(days=days))
    return make(
        status=Invoice.Status.PAID,
        amount_paid="100.00",
        sent_at=firm_noon(SENT),
        paid_at=paid_at,
    )


def run(invoice: Invoice, day: int, status=ReminderRun.Status.SENT) -> ReminderRun:
    step = ReminderStep.objects.get(day_offset=day, active=True)
    claimed = firm_noon(SENT + timedelta(days=day))
    return ReminderRun.objects.create(
        invoice=invoice, step=step, day_offset=day, action=step.action, due_on=claimed.date(),
        status=status, reason="" if status != ReminderRun.Status.SKIPPED else "snoozed",
        claimed_at=claimed, done_at=claimed,
    )  # fmt: skip


def test_each_paid_invoice_counts_at_the_last_step_it_reached_before_payment(
    client, make, billing_clerk, frozen
):
    paid_after(make, 3)
    after_7 = paid_after(make, 10)
    run(after_7, 7)
    after_21 = paid_after(make, 25)
    run(after_21, 7)
    run(after_21, 21)
    flagged = paid_after(make, 40)
    run(flagged, 7)
    run(flagged, 21)
    run(flagged, 30, status=ReminderRun.Status.FLAGGED)
    # A skipped step reached nobody: still "after day 7".
    skipped = paid_after(make, 28)
    run(skipped, 7)
    run(skipped, 21, status=ReminderRun.Status.SKIPPED)
    client.force_login(billing_clerk)

    response = client.get(reverse("billing:dashboard"), {"since": "2026-01", "until": "2026-03"})

    figure = {f.key: f for f in response.context["figures"]}["reminder-stage"]
    assert [row[:3] for row in figure.rows] == [
        ("Paid before any reminder", "1", "20.0"),
        ("After the day-7 reminder", "2", "40.0"),
        ("After the day-21 reminder", "1", "20.0"),
        ("After the day-30 attorney flag", "1", "20.0"),
    ]


def test_a_step_claimed_after_the_payment_does_not_count(make, client, billing_clerk, frozen):
    invoice = paid_after(make, 5)
    run(invoice, 7)
    client.force_login(billing_clerk)

    response = client.get(reverse("billing:dashboard"), {"since": "2026-01", "until": "2026-03"})

    figure = {f.key: f for f in response.context["figures"]}["reminder-stage"]
    assert [row[:2] for row in figure.rows] == [("Paid before any reminder", "1")]
