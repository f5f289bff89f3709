"""The sandbox mailbox keeps sent emails for people with the mailbox permission."""

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from integrations.models import MailboxMessage


def _send(settings) -> MailboxMessage:
    settings.EMAIL_BACKEND = "integrations.email.backend.MailboxBackend"
    message = EmailMultiAlternatives("Invoice R-1", "text body", "billing@firm", ["c@example.com"])
    message.attach_alternative('<a id="pay-link" href="http://pay">Pay</a>', "text/html")
    message.send()
    return MailboxMessage.objects.get()


def test_the_backend_stores_text_and_html(db, settings):
    stored = _send(settings)

    assert (stored.to, stored.subject, stored.text) == ("c@example.com", "Invoice R-1", "text body")
    assert 'id="pay-link"' in stored.html


def test_billing_staff_open_an_email_whose_html_is_sandboxed(client, billing_clerk, settings):
    stored = _send(settings)
    client.force_login(billing_clerk)

    assert "Invoice R-1" in client.get(reverse("mailbox:inbox")).content.decode()
    assert "<iframe" in client.get(reverse("mailbox:message", args=[stored.pk])).content.decode()
    html = client.get(reverse("mailbox:message-html", args=[stored.pk]))
    assert html.content.decode() == stored.html
    assert html["Content-Security-Policy"].startswith("sandbox")


def test_an_attorney_cannot_read_the_mailbox(client, attorney, settings):
    stored = _send(settings)
    client.force_login(attorney)

    assert client.get(reverse("mailbox:inbox")).status_code == 403
    assert client.get(reverse("mailbox:message-html", args=[stored.pk])).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client, db):
    assert client.get(reverse("mailbox:inbox")).status_code == 302
