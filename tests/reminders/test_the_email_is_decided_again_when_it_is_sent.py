"""The scan claims a step and records the email; the worker sends it a moment later. What
happened in between counts: a payment stops it, and a retried delivery emails only once."""

import time_machine

from integrations.models import OutboxMessage
from integrations.outbox.relay import outbox_message_deliver
from reminders.models import ReminderRun
from tests.billing.sandbox_world import lawpay_refetch, outbox_drain
from tests.reminders.sequence import day_of_sequence, invoice_sent, reminder_emails, scan_at


def test_a_payment_between_the_claim_and_the_send_stops_the_email(world):
    invoice = invoice_sent(world)
    scan_at(day_of_sequence(7), drain=False)
    with time_machine.travel(day_of_sequence(7), tick=False):
        lawpay_refetch(world.pay(invoice.payment_url))
        outbox_drain()

    assert reminder_emails() == []
    run = ReminderRun.objects.get(invoice=invoice)
    assert (run.status, run.reason) == (ReminderRun.Status.SKIPPED, ReminderRun.Reason.PAID)
    assert "found when sending" in run.detail


def test_a_retry_after_the_email_went_does_not_email_again(world):
    invoice = invoice_sent(world)
    scan_at(day_of_sequence(7), drain=False)
    message = OutboxMessage.objects.get(kind="reminder.deliver")
    with time_machine.travel(day_of_sequence(7), tick=False):
        outbox_message_deliver(message_id=message.pk)
        # The worker died after emailing, before the message was marked sent.
        OutboxMessage.objects.filter(pk=message.pk).update(status="failed")
        ReminderRun.objects.filter(invoice=invoice).update(status=ReminderRun.Status.SENDING)
        outbox_message_deliver(message_id=message.pk)
        outbox_drain()

    assert len(reminder_emails()) == 1
    assert ReminderRun.objects.get(invoice=invoice).status == ReminderRun.Status.SENT
    notes = [n for n in world.clio_notes(1001) if "reminder" in n["subject"]]
    assert len(notes) == 1
