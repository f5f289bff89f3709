"""The invoice email in the history: to whom, when, and the captured message in the sandbox
mailbox for those who may read it."""

from django.urls import reverse
from django.utils import timezone

from billing.services.delivery import invoice_email_subject
from integrations.models import MailboxMessage, OutboxMessage
from tests.billing.factories import ClioUserFactory
from tests.billing.invoice_page.conftest import history, invoice_sent, outbox_row


def _emailed(invoice, to="jane@client.example"):
    mail = MailboxMessage.objects.create(
        from_email="billing@firm.example", to=to, subject=invoice_email_subject(invoice=invoice)
    )
    outbox_row(
        invoice,
        "invoice.deliver",
        status=OutboxMessage.Status.SENT,
        sent_at=timezone.now(),
        result={"sent_to": to, "reference": "R-1"},
    )
    return mail


def test_the_email_shows_its_recipient_and_links_to_the_captured_message(
    client, billing_clerk, sent
):
    mail = _emailed(sent)
    client.force_login(billing_clerk)

    html = history(client, sent)

    assert "Invoice email" in html
    assert "jane@client.example" in html
    assert f'href="{reverse("mailbox:message", args=[mail.pk])}"' in html


def test_someone_who_may_not_read_the_mailbox_gets_no_link(client, attorney, rules):
    invoice = invoice_sent(matter=None)
    invoice.matter.responsible_attorney = ClioUserFactory(remit_user=attorney)
    invoice.matter.save()
    mail = _emailed(invoice)
    client.force_login(attorney)

    html = history(client, invoice)

    assert "jane@client.example" in html
    assert reverse("mailbox:message", args=[mail.pk]) not in html


def test_an_email_to_someone_else_is_not_linked(client, billing_clerk, sent):
    other = MailboxMessage.objects.create(
        from_email="billing@firm.example",
        to="someone@else.example",
        subject=invoice_email_subject(invoice=sent),
    )
    outbox_row(
        sent,
        "invoice.deliver",
        status=OutboxMessage.Status.SENT,
        sent_at=timezone.now(),
        result={"sent_to": "jane@client.example"},
    )
    client.force_login(billing_clerk)

    assert reverse("mailbox:message", args=[other.pk]) not in history(client, sent)
