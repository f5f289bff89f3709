"""Before a link goes out, LawPay and Remit are searched; a suspected duplicate is blocked."""

from datetime import date

from billing.models import AttentionItem, Invoice
from billing.services.delivery import invoice_delivery_start
from integrations.models import MailboxMessage
from tests.billing.factories import draft_with_lines
from tests.billing.sandbox_world import BANK, outbox_drain, smith_invoice
from tests.factories import UserFactory


def _assert_blocked(invoice):
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.APPROVED
    item = AttentionItem.objects.get(reason=AttentionItem.Reason.SUSPECTED_DUPLICATE)
    assert item.invoice == invoice
    alert = MailboxMessage.objects.get(to="ada@firm.example")
    assert invoice.number in alert.subject
    assert not MailboxMessage.objects.filter(to="john.smith@example.com").exists()
    return item


def test_a_lawpay_payment_already_carrying_the_reference_blocks_the_link(world):
    UserFactory(username="ada", role="Admin")
    invoice = smith_invoice()
    world.pay(world.link(amount="875.00", reference="00001-Smith-R-2026-000001"))

    invoice_delivery_start(invoice=invoice)
    outbox_drain()

    item = _assert_blocked(invoice)
    assert "LawPay already has" in item.detail


def test_a_delivered_invoice_for_the_same_matter_period_and_total_blocks_the_link(world):
    UserFactory(username="ada", role="Admin")
    invoice = smith_invoice()
    earlier = draft_with_lines(
        matter=invoice.matter,
        amounts=[line.amount for line in invoice.lines.all()],
        period_start=date(2026, 10, 1),
        period_end=date(2026, 10, 31),
    )
    Invoice.objects.filter(pk=earlier.pk).update(status=Invoice.Status.SENT, number="R-2026-000000")

    invoice_delivery_start(invoice=invoice)
    outbox_drain()

    item = _assert_blocked(invoice)
    assert "R-2026-000000" in item.detail


def test_an_echeck_payment_already_carrying_the_reference_blocks_the_link_too(world):
    UserFactory(username="ada", role="Admin")
    invoice = smith_invoice()
    # Paid by bank on the operating page: it lands on the operating eCheck account.
    world.pay(world.link(amount="875.00", reference="00001-Smith-R-2026-000001"), **BANK)

    invoice_delivery_start(invoice=invoice)
    outbox_drain()

    item = _assert_blocked(invoice)
    assert "LawPay already has" in item.detail
