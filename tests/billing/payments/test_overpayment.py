"""An overpayment is recorded, the invoice is paid, and the excess is flagged at once."""

from decimal import Decimal

from billing.models import AttentionItem, Invoice, Payment
from billing.services.delivery import invoice_delivery_start
from tests.billing.sandbox_world import lawpay_refetch, outbox_drain, smith_invoice


def test_an_overpayment_is_flagged_and_never_applied_silently(world):
    invoice = smith_invoice()
    invoice_delivery_start(invoice=invoice)
    outbox_drain()

    charge = world.pay(world.link(amount="1000.00", reference="00001-Smith-R-2026-000001"))
    lawpay_refetch(charge)

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert Payment.objects.get().amount == Decimal("1000.00")
    item = AttentionItem.objects.get(reason=AttentionItem.Reason.OVERPAYMENT)
    assert item.invoice == invoice
    assert "by 125.00 USD" in item.detail
