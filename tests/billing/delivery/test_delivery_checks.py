"""What fails the checks before sending goes to "needs attention"; the invoice stays approved."""

from decimal import Decimal

import pytest

from billing.models import AttentionItem, Invoice, Matter, MatterMapping
from billing.services.delivery import invoice_delivery_start
from integrations.models import LawPayConnection, OutboxMessage
from tests.billing.sandbox_world import smith_invoice

PAGE = "http://127.0.0.1:8002/pages/demo-law-firm/operating"


@pytest.fixture
def lawpay_page(db):
    return LawPayConnection.objects.create(
        base_url="http://127.0.0.1:8002",
        secret_key="k" * 64,
        operating_account_id="op",
        trust_account_id="tr",
        operating_page_url=PAGE,
        webhook_token="t",
    )


def _blocked(invoice) -> set[str]:
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.APPROVED
    assert not OutboxMessage.objects.filter(kind="invoice.deliver").exists()
    return set(
        AttentionItem.objects.filter(invoice=invoice, resolved_at=None).values_list(
            "reason", flat=True
        )
    )


def test_it_records_the_delivery_with_a_locked_link_on_the_operating_page(lawpay_page):
    invoice = smith_invoice()

    invoice_delivery_start(invoice=invoice)

    invoice.refresh_from_db()
    assert invoice.payment_url.startswith(PAGE + "?")
    assert "amount=87500" in invoice.payment_url
    assert "reference=00001-Smith-R-2026-000001" in invoice.payment_url
    assert "email=john.smith%40example.com" in invoice.payment_url
    assert invoice.payment_url.endswith("readOnlyFields=amount,reference")
    assert OutboxMessage.objects.get(kind="invoice.deliver").payload == {"invoice_id": invoice.pk}
    assert invoice.status == Invoice.Status.APPROVED  # sent only once the email went out


def test_starting_twice_records_one_delivery(lawpay_page):
    invoice = smith_invoice()

    invoice_delivery_start(invoice=invoice)
    invoice_delivery_start(invoice=invoice)

    assert OutboxMessage.objects.filter(kind="invoice.deliver").count() == 1


def test_it_needs_a_valid_client_email(lawpay_page):
    invoice = smith_invoice(email="not-an-address")

    invoice_delivery_start(invoice=invoice)

    assert _blocked(invoice) == {AttentionItem.Reason.MISSING_EMAIL}
    assert "Clio" in AttentionItem.objects.get().fix


def test_it_needs_an_open_matter(lawpay_page):
    invoice = smith_invoice()
    Matter.objects.filter(pk=invoice.matter_id).update(status=Matter.Status.CLOSED)

    invoice_delivery_start(invoice=invoice)

    assert _blocked(invoice) == {AttentionItem.Reason.MATTER_CLOSED}


def test_it_needs_an_amount_due(lawpay_page):
    invoice = smith_invoice()
    Invoice.objects.filter(pk=invoice.pk).update(trust_applied=Decimal("875.00"))

    invoice_delivery_start(invoice=invoice)

    assert _blocked(invoice) == {AttentionItem.Reason.ZERO_AMOUNT}


def test_it_needs_a_resolved_mapping(lawpay_page):
    invoice = smith_invoice()
    MatterMapping.objects.update(status=MatterMapping.Status.CONFLICT, conflict_reason="shared")

    invoice_delivery_start(invoice=invoice)

    assert _blocked(invoice) == {AttentionItem.Reason.MAPPING_CONFLICT}


def test_a_reference_over_128_characters_is_not_sent(lawpay_page):
    invoice = smith_invoice()
    MatterMapping.objects.update(reference="X" * 120)

    invoice_delivery_start(invoice=invoice)

    assert _blocked(invoice) == {AttentionItem.Reason.MAPPING_CONFLICT}
    assert "128" in AttentionItem.objects.get().detail


def test_once_fixed_the_periodic_pass_sends_and_resolves_the_item(lawpay_page):
    from billing.services.delivery import invoice_deliveries_due

    invoice = smith_invoice(email="")
    invoice_delivery_start(invoice=invoice)
    invoice.matter.client.primary_email = "john@example.com"
    invoice.matter.client.save()

    assert invoice_deliveries_due() == 1

    assert OutboxMessage.objects.filter(kind="invoice.deliver").exists()
    assert AttentionItem.objects.get().resolved_at is not None
