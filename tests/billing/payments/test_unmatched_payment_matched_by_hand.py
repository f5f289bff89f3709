"""A payment that names no invoice waits in the unmatched queue until staff match it."""

from decimal import Decimal

from django.urls import reverse

from billing.models import Invoice, Payment
from billing.services.delivery import invoice_delivery_start
from tests.billing.sandbox_world import lawpay_refetch, outbox_drain, smith_invoice


def test_an_unmatched_payment_is_kept_suggested_and_matched_by_hand(world, client, billing_clerk):
    invoice = smith_invoice()
    invoice_delivery_start(invoice=invoice)
    outbox_drain()
    charge = world.pay(world.link(amount="875.00", reference="WALK-IN-42"))

    lawpay_refetch(charge)

    payment = Payment.objects.get()
    assert payment.invoice is None
    client.force_login(billing_clerk)
    page = client.get(reverse("payments:unmatched"))
    assert page.status_code == 200
    assert charge in page.content.decode()
    assert page.context["rows"][0][1] == [invoice]  # same amount due: a suggestion only
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.SENT

    response = client.post(reverse("payments:match", args=[payment.pk]), {"invoice": invoice.pk})

    assert response.status_code == 302
    payment.refresh_from_db()
    invoice.refresh_from_db()
    assert (payment.invoice, payment.matched_by) == (invoice, billing_clerk)
    assert payment.matched_at is not None
    assert (invoice.status, invoice.amount_due) == (Invoice.Status.PAID, Decimal("0.00"))
    outbox_drain()
    assert world.clio_billing_status(1001) == "Invoice Paid"
    assert client.get(reverse("payments:unmatched")).context["rows"] == []
