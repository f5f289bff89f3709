"""Reads of line adjustments: what the adjustments in force take off an invoice (one pure
computation, shared by the recompute and the tests) and the list a person reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet

from billing.models import InvoiceAdjustment

CENTS = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class InvoiceFigures:
    """An invoice's amounts: Clio's line amounts, what comes off them, and the total."""

    lines_total: Decimal
    write_downs: Mapping[int, Decimal]
    discount: Decimal

    @property
    def write_down_total(self) -> Decimal:
        return sum(self.write_downs.values(), ZERO)

    @property
    def total(self) -> Decimal:
        return self.lines_total - self.write_down_total - self.discount


def invoice_figures_compute(
    *,
    lines: Mapping[int, Decimal],
    write_downs: Mapping[int, Decimal],
    discount_amount: Decimal | None = None,
    discount_percent: Decimal | None = None,
) -> InvoiceFigures:
    """The figures of live ``lines`` (id → Clio's amount) under the write-downs (id → amount
    off) and the discount in force. A write-down is applied up to its line's amount, a discount
    up to what is left after the write-downs (a percentage of that, to the cent, half up): Clio
    may have lowered a line since, and the total is never below 0."""
    applied = {
        line_id: min(off, lines[line_id])
        for line_id, off in write_downs.items()
        if line_id in lines and off > 0
    }
    lines_total = sum(lines.values(), ZERO)
    after_write_downs = lines_total - sum(applied.values(), ZERO)
    discount = ZERO
    if discount_percent is not None:
        discount = (after_write_downs * discount_percent / 100).quantize(CENTS, ROUND_HALF_UP)
    elif discount_amount is not None:
        discount = discount_amount
    discount = max(ZERO, min(discount, after_write_downs))
    return InvoiceFigures(lines_total=lines_total, write_downs=applied, discount=discount)


def adjustments_in_force(*, invoice_id: int) -> QuerySet[InvoiceAdjustment]:
    """The write-downs of the invoice's live lines and its discount, not replaced."""
    return InvoiceAdjustment.objects.filter(
        Q(line__isnull=True) | Q(line__live=True),
        invoice_id=invoice_id,
        kind__in=[InvoiceAdjustment.Kind.WRITE_DOWN, InvoiceAdjustment.Kind.DISCOUNT],
        replaced_at__isnull=True,
    )


@dataclass(frozen=True)
class AdjustmentShown:
    """One adjustment as the invoice page lists it, with what Clio did to its line since."""

    adjustment: InvoiceAdjustment
    applied: Decimal | None
    # The write-down or discount is larger than what is left to take it (Clio lowered a line).
    clamped: bool
    # Clio's amount of the line is not the one the write-down was decided on.
    line_changed: bool


def invoice_adjustments_shown(*, invoice_id: int) -> list[AdjustmentShown]:
    """The write-downs and the discount in force, and the lines excluded (with their
    reasons), oldest first; one query."""
    rows = (
        InvoiceAdjustment.objects.filter(invoice_id=invoice_id, replaced_at__isnull=True)
        .filter(Q(kind=InvoiceAdjustment.Kind.EXCLUDE) | Q(line__isnull=True) | Q(line__live=True))
        .select_related("line", "invoice", "created_by")
        .order_by("created_at", "pk")
    )
    shown = []
    for row in rows:
        applied: Decimal | None = None
        clamped = line_changed = False
        if row.kind == InvoiceAdjustment.Kind.WRITE_DOWN and row.line is not None:
            applied = row.line.write_down
            clamped = row.amount is not None and applied < row.amount
            line_changed = row.line_amount != row.line.amount
        elif row.kind == InvoiceAdjustment.Kind.DISCOUNT:
            applied = row.invoice.discount
            clamped = row.amount is not None and applied < row.amount
        shown.append(AdjustmentShown(row, applied, clamped, line_changed))
    return shown
