"""Resending the invoice email: one outbox effect per press (the form's idempotency key), with
who asked; the handler's policy emails the amount due now and tells Clio once."""

from decimal import Decimal

from django.core import mail
from django.urls import reverse

from billing.models import Invoice
from billing.services.resend import RESEND_KIND, invoice_resend_deliver
from integrations.models import OutboxMessage
from tests.billing.invoice_page.conftest import page, payment_of

KEY_1, KEY_2 = "a" * 32, "b" * 32


def _resend(client, invoice, key, **headers):
    return client.post(
        reverse("billing:invoice-resend", args=[invoice.pk]), {"key": key}, **headers
    )


def _resends(invoice):
    return OutboxMessage.objects.filter(kind=RESEND_KIND, aggregate=f"invoice:{invoice.pk}")


def test_a_double_submit_of_one_form_records_one_resend(client, billing_clerk, sent):
    client.force_login(billing_clerk)

    first = _resend(client, sent, KEY_1, HTTP_HX_REQUEST="true")
    _resend(client, sent, KEY_1, HTTP_HX_REQUEST="true")

    assert first.status_code == 200
    assert "will be emailed again" in first.content.decode()
    assert first["HX-Trigger"] == "invoice-changed"
    [resend] = _resends(sent)
    assert resend.payload["requested_by"] == "bill"
    assert resend.payload["invoice_id"] == sent.pk


def test_each_press_records_its_own_resend(client, billing_clerk, sent):
    client.force_login(billing_clerk)

    _resend(client, sent, KEY_1)
    _resend(client, sent, KEY_2)

    assert _resends(sent).count() == 2


def test_the_page_gives_each_rendering_a_fresh_key(client, billing_clerk, sent):
    client.force_login(billing_clerk)

    assert page(client, sent).count('name="key"') == 1
    assert page(client, sent) != page(client, sent)


def test_a_form_without_a_valid_key_is_refused(client, billing_clerk, sent):
    client.force_login(billing_clerk)

    response = _resend(client, sent, "not-a-key", HTTP_HX_REQUEST="true")

    assert "reload the page" in response.content.decode()
    assert not _resends(sent).exists()


def test_a_paid_invoice_is_not_emailed_again(client, billing_clerk, sent):
    payment_of(sent, "750.00", "txn_all")
    client.force_login(billing_clerk)

    response = _resend(client, sent, KEY_1)

    assert response.status_code == 302
    assert not _resends(sent).exists()
    assert "Resend invoice email" not in page(client, sent)


def test_an_attorney_may_not_resend(client, attorney, sent):
    client.force_login(attorney)

    assert _resend(client, sent, KEY_1).status_code == 403
    assert not _resends(sent).exists()


def test_the_handler_emails_what_is_due_now_and_tells_clio_once(sent, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    payment_of(sent, "250.00", "txn_part")
    saved: list[str] = []

    def deliver(sent_to=""):
        return invoice_resend_deliver(
            invoice_id=sent.pk,
            message_key="invoice.resend:1:abc",
            requested_by="bill",
            sent_to=sent_to,
            client_email=lambda contact_id: "jane@client.example",
            emailed=saved.append,
        )

    result = deliver()
    deliver(sent_to="jane@client.example")  # a retry after the email went

    assert result == {"sent_to": "jane@client.example"}
    assert saved == ["jane@client.example"]
    [email] = mail.outbox
    assert email.to == ["jane@client.example"]
    assert "amount=50000" in email.body  # the link is for the $500.00 still due
    notes = OutboxMessage.objects.filter(dedupe_key__contains="invoice-resent:invoice.resend:1:abc")
    assert sorted(notes.values_list("kind", flat=True)) == [
        "clio.communication.create",
        "clio.note.create",
    ]
    assert Invoice.objects.get(pk=sent.pk).amount_due == Decimal("500.00")
