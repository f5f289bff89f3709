"""A partial payment leaves the invoice partially paid, with the remainder still due."""

from decimal import Decimal

from django.test import Client

from billing.models import Invoice
from billing.services.delivery import invoice_delivery_start, invoice_public_url
from tests.billing.sandbox_world import lawpay_refetch, outbox_drain, smith_invoice


def test_a_partial_payment_leaves_the_rest_due_and_clio_says_partially_paid(world):
    invoice = smith_invoice()
    invoice_delivery_start(invoice=invoice)
    outbox_drain()

    charge = world.pay(world.link(amount="300.00", reference="00001-Smith-R-2026-000001"))
    lawpay_refetch(charge)
    outbox_drain()

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PARTIALLY_PAID
    assert invoice.amount_due == Decimal("575.00")
    assert world.clio_billing_status(1001) == "Partially Paid"
    page = Client().get(invoice_public_url(invoice=invoice).removeprefix("http://testserver"))
    assert "$575.00" in page.content.decode()
    assert "amount=57500" in page.content.decode()


def test_the_rest_paid_later_makes_the_invoice_paid(world):
    invoice = smith_invoice()
    invoice_delivery_start(invoice=invoice)
    outbox_drain()
    reference = "00001-Smith-R-2026-000001"

    lawpay_refetch(world.pay(world.link(amount="300.00", reference=reference)))
    lawpay_refetch(world.pay(world.link(amount="575.00", reference=reference)))
    outbox_drain()

    invoice.refresh_from_db()
    assert (invoice.status, invoice.amount_paid) == (Invoice.Status.PAID, Decimal("875.00"))
    assert world.clio_billing_status(1001) == "Invoice Paid"
