"""An invoice-level discount, as an amount or a percentage of what the lines come to after
write-downs; a new one replaces the one in force, and either can be withdrawn."""

from decimal import Decimal

from django.urls import reverse

from billing.models import Invoice, InvoiceAdjustment
from billing.services.adjustments import (
    invoice_discount_set,
    invoice_line_write_down,
)
from tests.billing.factories import draft_with_lines


def test_a_fixed_discount_comes_off_the_total(client, billing_clerk, rules):
    invoice = draft_with_lines(amounts=(Decimal("1300.00"), Decimal("450.00")))
    client.force_login(billing_clerk)

    response = client.post(
        reverse("billing:invoice-discount", args=[invoice.pk]),
        {"how": "amount", "value": "150", "reason": "Long-standing client"},
        HTTP_HX_REQUEST="true",
    )

    page = response.content.decode()
    assert 'data-testid="discount">−$150.00' in page
    assert 'data-testid="total">$1,600.00' in page
    invoice.refresh_from_db()
    assert (invoice.discount, invoice.total) == (Decimal("150.00"), Decimal("1600.00"))
    discount = InvoiceAdjustment.objects.get(invoice=invoice)
    assert (discount.kind, discount.line, discount.created_by) == (
        InvoiceAdjustment.Kind.DISCOUNT,
        None,
        billing_clerk,
    )


def test_a_percentage_discount_is_of_what_is_left_after_write_downs(billing_clerk, rules):
    invoice = draft_with_lines(amounts=(Decimal("300.00"), Decimal("450.00")))
    line = invoice.lines.get(amount=Decimal("450.00"))
    invoice_line_write_down(
        line=line, user=billing_clerk, reason="Courtesy", amount_off=Decimal("50.00")
    )

    invoice_discount_set(
        invoice=invoice, user=billing_clerk, reason="Promised 10%", percent=Decimal("10")
    )

    invoice.refresh_from_db()
    assert (invoice.discount, invoice.total) == (Decimal("70.00"), Decimal("630.00"))


def test_the_percentage_rounds_to_the_cent_half_up(billing_clerk, rules):
    invoice = draft_with_lines(amounts=(Decimal("333.33"),))

    invoice_discount_set(invoice=invoice, user=billing_clerk, reason="Promo", percent=Decimal("5"))

    assert Invoice.objects.get(pk=invoice.pk).discount == Decimal("16.67")  # 16.6665


def test_a_new_discount_replaces_the_one_in_force(billing_clerk, rules):
    invoice = draft_with_lines()
    invoice_discount_set(invoice=invoice, user=billing_clerk, reason="A", amount=Decimal("50"))

    invoice_discount_set(invoice=invoice, user=billing_clerk, reason="B", percent=Decimal("20"))

    invoice.refresh_from_db()
    assert (invoice.discount, invoice.total) == (Decimal("150.00"), Decimal("600.00"))
    assert InvoiceAdjustment.objects.filter(invoice=invoice, replaced_at__isnull=True).count() == 1


def test_a_withdrawn_discount_no_longer_comes_off(client, billing_clerk, rules):
    invoice = draft_with_lines()
    invoice_discount_set(invoice=invoice, user=billing_clerk, reason="A", amount=Decimal("50"))
    discount = InvoiceAdjustment.objects.get(invoice=invoice)
    client.force_login(billing_clerk)

    client.post(reverse("billing:adjustment-withdraw", args=[discount.pk]), HTTP_HX_REQUEST="true")

    invoice.refresh_from_db()
    assert (invoice.discount, invoice.total) == (Decimal("0.00"), Decimal("750.00"))
    assert InvoiceAdjustment.objects.get(pk=discount.pk).replaced_at is not None


def test_a_full_discount_leaves_nothing_to_pay_and_blocks_approval(billing_clerk, rules):
    from billing.selectors import invoice_blockers_now

    invoice = draft_with_lines()

    invoice_discount_set(
        invoice=invoice, user=billing_clerk, reason="Pro bono", percent=Decimal("100")
    )

    assert Invoice.objects.get(pk=invoice.pk).total == Decimal("0.00")
    assert "zero_amount" in {b.reason for b in invoice_blockers_now(invoice_id=invoice.pk)}
