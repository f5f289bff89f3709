""" "Send reminder now" claims the next email step of the sequence at once, by hand; when the
scan would not remind the invoice either, it is refused with the reason and nothing changes."""

from django.urls import reverse

from billing.models import Invoice
from integrations.models import OutboxMessage
from reminders.models import ReminderRun
from tests.reminders.desk.world import NOW, invoice_sent, matter_of, run_record


def _send(client, invoice):
    return client.post(reverse("reminders:send-now", args=[invoice.pk]), follow=True)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_first_click_sends_the_day_7_reminder_by_hand(client, billing_clerk):
    invoice = invoice_sent(matter_of(None))
    client.force_login(billing_clerk)

    response = _send(client, invoice)

    assert response.status_code == 200
    [run] = ReminderRun.objects.filter(invoice=invoice)
    assert (run.day_offset, run.status, run.manual, run.by) == (
        7,
        ReminderRun.Status.SENDING,
        True,
        billing_clerk,
    )
    assert run.claimed_at == NOW
    [message] = OutboxMessage.objects.filter(kind="reminder.deliver")
    assert message.payload == {"run_id": run.pk}
    assert any("day-7 reminder" in m and "$1,234.56" in m for m in _messages(response))


def test_the_next_click_sends_the_next_email_step_and_then_there_is_none(client, billing_clerk):
    invoice = invoice_sent(matter_of(None))
    client.force_login(billing_clerk)
    _send(client, invoice)

    _send(client, invoice)

    runs = ReminderRun.objects.filter(invoice=invoice).order_by("day_offset")
    assert [(r.day_offset, r.manual) for r in runs] == [(7, True), (21, True)]
    assert OutboxMessage.objects.filter(kind="reminder.deliver").count() == 2

    response = _send(client, invoice)

    assert any(
        "Every reminder email of the sequence already went" in m for m in _messages(response)
    )
    assert ReminderRun.objects.filter(invoice=invoice).count() == 2
    assert OutboxMessage.objects.filter(kind="reminder.deliver").count() == 2


def test_a_step_the_scan_already_did_is_not_sent_again(client, billing_clerk):
    invoice = invoice_sent(matter_of(None))
    run_record(invoice, 7)
    client.force_login(billing_clerk)

    _send(client, invoice)

    assert ReminderRun.objects.get(invoice=invoice, manual=True).day_offset == 21


def test_a_paid_invoice_gets_no_reminder(client, billing_clerk):
    invoice = invoice_sent(matter_of(None), status=Invoice.Status.PAID)
    client.force_login(billing_clerk)

    response = _send(client, invoice)

    assert any(f"No reminder for {invoice.number}: Paid" in m for m in _messages(response))
    assert not ReminderRun.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_a_disputed_invoice_gets_no_reminder(client, billing_clerk):
    invoice = invoice_sent(matter_of(None))
    Invoice.objects.filter(pk=invoice.pk).update(disputed_at=NOW)
    client.force_login(billing_clerk)

    response = _send(client, invoice)

    assert any("Marked disputed" in m for m in _messages(response))
    assert not ReminderRun.objects.exists()


def test_the_send_returns_to_the_search_it_came_from(client, billing_clerk):
    invoice = invoice_sent(matter_of(None))
    client.force_login(billing_clerk)

    response = client.post(
        reverse("reminders:send-now", args=[invoice.pk]), {"q": "Smith", "page": "2"}
    )

    assert response["Location"] == "/reminders/overdue/?q=Smith&page=2"


def test_an_attorney_may_not_send_a_reminder_now(client, attorney):
    invoice = invoice_sent(matter_of(attorney))
    client.force_login(attorney)

    response = client.post(reverse("reminders:send-now", args=[invoice.pk]))

    assert response.status_code == 403
    assert not ReminderRun.objects.exists()


def test_an_invoice_that_does_not_exist_is_a_404(client, billing_clerk):
    client.force_login(billing_clerk)

    for pk in (999999, 10**30):
        assert client.post(f"/reminders/overdue/{pk}/send/").status_code == 404
    assert not ReminderRun.objects.exists()
