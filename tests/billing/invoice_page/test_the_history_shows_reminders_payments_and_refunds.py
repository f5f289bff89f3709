"""Reminder sends and skips with their reasons, payments with their LawPay transaction ids,
and refunds, in the invoice's history."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from integrations.models import LawPayTransaction
from reminders.models import ReminderRun, ReminderStep
from tests.billing.invoice_page.conftest import history, payment_of


def _run(invoice, day, status, **fields):
    step = ReminderStep.objects.filter(active=True, day_offset=day).first() or (
        ReminderStep.objects.create(
            day_offset=day, action=ReminderStep.Action.EMAIL, subject="s", body_text="b"
        )
    )
    now = timezone.now()
    return ReminderRun.objects.create(
        invoice=invoice,
        step=step,
        day_offset=day,
        action=step.action,
        due_on=now.date(),
        status=status,
        claimed_at=now,
        done_at=now,
        **fields,
    )


def test_reminders_show_sends_and_skips_with_reasons(client, billing_clerk, sent):
    _run(sent, 7, ReminderRun.Status.SENT, recipient="jane@client.example",
         amount_due=Decimal("750.00"))  # fmt: skip
    _run(sent, 21, ReminderRun.Status.SKIPPED, reason=ReminderRun.Reason.SNOOZED)
    client.force_login(billing_clerk)

    html = history(client, sent)

    assert "Day 7" in html
    assert "to jane@client.example, $750.00 due" in html
    assert "Day 21" in html
    assert "Skipped: Reminders snoozed" in html


def test_payments_show_their_transaction_ids_and_refunds(client, billing_clerk, sent):
    payment_of(sent, "200.00", "txn_first")
    payment_of(sent, "550.00", "txn_second")
    LawPayTransaction.objects.create(
        lawpay_id="rf_1",
        account_id="op-test",
        type="REFUND",
        status="COMPLETED",
        amount=Decimal("50.00"),
        parent_lawpay_id="txn_first",
        lawpay_created_at=timezone.now() + timedelta(hours=1),
    )
    client.force_login(billing_clerk)

    html = history(client, sent)

    assert "<code>txn_first</code>" in html
    assert "<code>txn_second</code>" in html
    assert "$200.00" in html and "$550.00" in html
    assert "<code>rf_1</code>" in html
    assert "−$50.00" in html
