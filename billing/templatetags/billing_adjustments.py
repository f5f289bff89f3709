"""An invoice's adjustments where the page, the email and the client's page show them."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django import template

from billing.models import Invoice, InvoiceAdjustment
from billing.selectors.adjustments import AdjustmentShown, invoice_adjustments_shown

register = template.Library()


@register.simple_tag
def invoice_adjustments(invoice: Invoice) -> list[AdjustmentShown]:
    """``{% invoice_adjustments invoice as adjustments %}``: in force, and lines excluded."""
    return invoice_adjustments_shown(invoice_id=invoice.pk)


@register.simple_tag
def invoice_discount_label(invoice: Invoice) -> str:
    """ "Discount (10%)" for a percentage, else "Discount"; no query without a discount."""
    if not invoice.discount:
        return "Discount"
    percent = (
        InvoiceAdjustment.objects.filter(
            invoice=invoice, kind=InvoiceAdjustment.Kind.DISCOUNT, replaced_at__isnull=True
        )
        .values_list("percent", flat=True)
        .first()
    )
    return f"Discount ({percent.normalize():f}%)" if percent is not None else "Discount"


@register.filter
def sum_of(rows: Iterable[object], field: str) -> Decimal:
    """``{{ lines|sum_of:"write_down" }}``: the field added up over the rows."""
    return sum((getattr(row, field) for row in rows), Decimal("0.00"))
