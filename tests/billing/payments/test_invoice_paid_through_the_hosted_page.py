"""Approve → link → email in the mailbox → pay on LawPay's page → invoice paid → Clio told."""

from decimal import Decimal

from billing.models import Invoice, Payment
from billing.services.delivery import invoice_delivery_start
from integrations.models import MailboxMessage
from tests.billing.sandbox_world import (
    lawpay_events_process,
    outbox_drain,
    pay_link_from_email,
    smith_invoice,
)


def test_a_client_pays_the_emailed_link_and_clio_shows_the_invoice_paid(world):
    invoice = smith_invoice()

    invoice_delivery_start(invoice=invoice)
    outbox_drain()

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.SENT
    [email] = MailboxMessage.objects.all()
    assert email.to == "john.smith@example.com"
    assert "R-2026-000001" in email.subject
    link = pay_link_from_email(email)
    assert link == invoice.payment_url
    assert "amount=87500" in link
    assert "reference=00001-Smith-R-2026-000001" in link
    assert "readOnlyFields=amount,reference" in link

    transaction_id = world.pay(link)
    lawpay_events_process()
    outbox_drain()

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert invoice.amount_due == Decimal("0.00")
    payment = Payment.objects.get()
    assert (payment.invoice, payment.lawpay_transaction_id) == (invoice, transaction_id)
    assert payment.amount == Decimal("875.00")
    assert payment.method == Payment.Method.CARD  # from the re-fetched transaction's method.type
    notes = world.clio_notes(1001)
    paid_note = next(n for n in notes if "payment received" in n["subject"])
    assert transaction_id in paid_note["detail"]
    assert "875.00" in paid_note["detail"]
    assert any("R-2026-000001 sent" in n["subject"] for n in notes)
    assert world.clio_billing_status(1001) == "Invoice Paid"


def test_the_sent_email_is_logged_in_clio_as_an_email_communication(world):
    invoice = smith_invoice()

    invoice_delivery_start(invoice=invoice)
    outbox_drain()

    communications = world.clio_get(
        "communications.json", matter_id=1001, fields="id,subject,type,body"
    )["data"]
    logged = [c for c in communications if "R-2026-000001" in (c["subject"] or "")]
    assert [c["type"] for c in logged] == ["EmailCommunication"]
    assert world.clio_billing_status(1001) == "Invoice Sent"
