"""Excluding (removing) a line: the reason is optional, since its entry returns to the pool
and is billed later; who and why are recorded either way."""

from decimal import Decimal

from django.urls import reverse

from billing.models import Invoice, InvoiceAdjustment
from billing.services.review import invoice_line_remove
from tests.billing.factories import draft_with_lines


def test_a_removed_line_is_recorded_with_its_reason(client, billing_clerk, rules):
    invoice = draft_with_lines(amounts=(Decimal("300.00"), Decimal("450.00")))
    line = invoice.lines.get(amount=Decimal("450.00"))
    client.force_login(billing_clerk)

    response = client.post(
        reverse("billing:line-remove", args=[line.pk]),
        HTTP_HX_REQUEST="true",
        HTTP_HX_PROMPT="Belongs to the appeal matter",
    )

    page = response.content.decode()
    assert 'data-testid="total">$300.00' in page
    assert "Belongs to the appeal matter" in page
    exclusion = InvoiceAdjustment.objects.get(line=line)
    assert exclusion.kind == InvoiceAdjustment.Kind.EXCLUDE
    assert (exclusion.amount, exclusion.created_by) == (Decimal("450.00"), billing_clerk)
    assert not invoice.lines.get(pk=line.pk).live


def test_a_line_can_be_removed_without_a_reason(billing_clerk, rules):
    invoice = draft_with_lines()
    line = invoice.lines.get(amount=Decimal("300.00"))

    invoice_line_remove(line=line, user=billing_clerk)

    assert InvoiceAdjustment.objects.get(line=line).reason == ""
    assert Invoice.objects.get(pk=invoice.pk).total == Decimal("450.00")


def test_removing_a_written_down_line_drops_its_write_down_from_the_total(billing_clerk, rules):
    from billing.services.adjustments import invoice_line_write_down

    invoice = draft_with_lines(amounts=(Decimal("300.00"), Decimal("450.00")))
    line = invoice.lines.get(amount=Decimal("450.00"))
    invoice_line_write_down(
        line=line, user=billing_clerk, reason="Courtesy", amount_off=Decimal("100.00")
    )

    invoice_line_remove(line=line, user=billing_clerk, reason="Wrong matter")

    assert Invoice.objects.get(pk=invoice.pk).total == Decimal("300.00")
