"""A voided charge, or an eCheck returned after it completed, reverses the payment."""

from decimal import Decimal

from billing.models import Invoice, Payment
from billing.services.delivery import invoice_delivery_start
from integrations.lawpay.connection import lawpay_client
from tests.billing.sandbox_world import BANK, lawpay_refetch, outbox_drain, smith_invoice


def _sent_invoice():
    invoice = smith_invoice()
    invoice_delivery_start(invoice=invoice)
    outbox_drain()
    invoice.refresh_from_db()
    return invoice


def test_a_voided_charge_reverses_the_payment_and_the_invoice_is_due_again(world):
    invoice = _sent_invoice()
    charge = world.pay(invoice.payment_url)
    lawpay_refetch(charge)

    lawpay_client().void(transaction_id=charge, account_id=world.operating_id)
    lawpay_refetch(charge)
    outbox_drain()

    invoice.refresh_from_db()
    assert Payment.objects.get().status == Payment.Status.REVERSED
    assert (invoice.status, invoice.amount_due) == (Invoice.Status.SENT, Decimal("875.00"))
    assert any("voided" in n["detail"] for n in world.clio_notes(1001))
    assert world.clio_billing_status(1001) == "Invoice Sent"


def test_an_ach_return_after_completion_reverses_the_payment(world):
    invoice = _sent_invoice()
    charge = world.pay(invoice.payment_url, **BANK)
    world.control("capture", transaction_id=charge)
    lawpay_refetch(charge)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID

    world.control(f"transactions/{charge}/ach-return", code="ach_insufficient_funds")
    lawpay_refetch(charge)
    lawpay_refetch(charge)
    outbox_drain()

    invoice.refresh_from_db()
    payment = Payment.objects.get()
    assert (payment.status, payment.amount_refunded) == (Payment.Status.REVERSED, payment.amount)
    assert (invoice.status, invoice.amount_paid) == (Invoice.Status.SENT, Decimal("0.00"))
    assert any("ach_insufficient_funds" in n["detail"] for n in world.clio_notes(1001))
