"""A refund in LawPay takes the money back off the invoice, once, and Clio is told."""

from decimal import Decimal

from billing.models import Invoice, Payment
from billing.services.delivery import invoice_delivery_start
from integrations.lawpay.connection import lawpay_client
from tests.billing.sandbox_world import lawpay_refetch, outbox_drain, smith_invoice


def _paid_invoice(world):
    invoice = smith_invoice()
    invoice_delivery_start(invoice=invoice)
    outbox_drain()
    charge = world.pay(invoice.__class__.objects.get(pk=invoice.pk).payment_url)
    lawpay_refetch(charge)
    return invoice, charge


def test_a_partial_refund_reopens_the_invoice_for_the_refunded_amount(world):
    invoice, charge = _paid_invoice(world)

    refund = lawpay_client().refund(
        charge_id=charge, account_id=world.operating_id, amount=Decimal("200.00")
    )
    lawpay_refetch(refund.id)
    lawpay_refetch(refund.id)
    lawpay_refetch(charge)
    outbox_drain()

    invoice.refresh_from_db()
    payment = Payment.objects.get()
    assert payment.amount_refunded == Decimal("200.00")
    assert payment.status == Payment.Status.RECORDED
    assert (invoice.status, invoice.amount_due) == (
        Invoice.Status.PARTIALLY_PAID,
        Decimal("200.00"),
    )
    assert any("refund" in n["subject"].lower() for n in world.clio_notes(1001))
    assert world.clio_billing_status(1001) == "Partially Paid"


def test_a_full_refund_reverses_the_payment(world):
    invoice, charge = _paid_invoice(world)

    refund = lawpay_client().refund(
        charge_id=charge, account_id=world.operating_id, amount=Decimal("875.00")
    )
    lawpay_refetch(refund.id)
    outbox_drain()

    invoice.refresh_from_db()
    assert Payment.objects.get().status == Payment.Status.REVERSED
    assert (invoice.status, invoice.amount_paid) == (Invoice.Status.SENT, Decimal("0.00"))
