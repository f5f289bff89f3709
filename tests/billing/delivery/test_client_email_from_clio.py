"""The client's email is re-read from Clio at send time (PRODUCT.md §8)."""

from billing.models import AttentionItem, Invoice
from billing.services.delivery import invoice_delivery_start
from integrations.models import MailboxMessage
from tests.billing.sandbox_world import outbox_drain, smith_invoice


def test_the_email_goes_to_the_address_clio_has_now(world):
    world.clio_contact_email_set(2001, "john.new@example.com")
    invoice = smith_invoice(email="john.old@example.com")

    invoice_delivery_start(invoice=invoice)
    outbox_drain()

    assert MailboxMessage.objects.get().to == "john.new@example.com"
    invoice.refresh_from_db()
    assert "email=john.new%40example.com" in invoice.payment_url
    assert invoice.status == Invoice.Status.SENT


def test_an_email_removed_in_clio_stops_the_send(world):
    world.clio_contact_email_set(2001, "")
    invoice = smith_invoice()

    invoice_delivery_start(invoice=invoice)
    outbox_drain()

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.APPROVED
    assert not MailboxMessage.objects.exists()
    assert AttentionItem.objects.get().reason == AttentionItem.Reason.MISSING_EMAIL
