"""Line adjustments before approval: write a line down, give the invoice a discount, withdraw
either (excluding a line is ``review.invoice_line_remove``).

Each is recorded as an ``InvoiceAdjustment`` with who and why, never edited: a new write-down
of a line or a new discount replaces the one in force. Clio's amounts stay on the lines (Remit
never writes the Clio activity); ``invoice_total_recompute`` applies what the adjustments take
off. Locking contract as in ``review.py``: one transaction holding ``SELECT … FOR UPDATE`` on
the invoice row, refused unless the invoice is still editable (draft or on hold).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from billing.models import Invoice, InvoiceAdjustment, InvoiceLine
from billing.services.draft_changes import invoice_total_recompute
from billing.services.review import (
    REASON_MAX,
    InvoiceTransitionError,
    invoice_lock_editable,
    line_lock_editable,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

CENTS = Decimal("0.01")


class AdjustmentRefused(InvoiceTransitionError):
    """The adjustment asked for cannot be made (message says why); nothing was changed."""


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise AdjustmentRefused("Say why (the reason is kept with the adjustment).")
    if len(reason) > REASON_MAX:
        raise AdjustmentRefused(f"Keep the reason under {REASON_MAX} characters.")
    return reason


def _money(value: Decimal, what: str) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise AdjustmentRefused(f"The {what} must be an amount in dollars and cents.")
    if value != value.quantize(CENTS):
        raise AdjustmentRefused(f"The {what} must be to the cent (two decimals at most).")
    if value < 0:
        raise AdjustmentRefused(f"The {what} cannot be negative.")
    return value.quantize(CENTS)


def _one_of(first: Decimal | None, second: Decimal | None, names: str) -> None:
    if (first is None) == (second is None):
        raise AdjustmentRefused(f"Give either {names}, not both or neither.")


def _record(adjustment: InvoiceAdjustment, user: User | None) -> InvoiceAdjustment:
    if user is not None:
        adjustment._history_user = user
    adjustment.save()
    return adjustment


def _replace(current: InvoiceAdjustment | None, user: User | None) -> None:
    if current is None:
        return
    current.replaced_at = timezone.now()
    if user is not None:
        current._history_user = user
    current.save(update_fields=["replaced_at"])


def _recompute(invoice: Invoice, user: User | None, why: str) -> Invoice:
    # Names the change in the invoice's history row (django-simple-history reads it).
    invoice._change_reason = why[:100]  # type: ignore[attr-defined]
    invoice_total_recompute(invoice=invoice, user=user)
    return invoice


def invoice_line_write_down(
    *,
    line: InvoiceLine,
    user: User | None,
    reason: str,
    amount_off: Decimal | None = None,
    new_amount: Decimal | None = None,
) -> Invoice:
    """Write a draft's line down by ``amount_off``, or to ``new_amount``; either way what is
    kept is the amount off, replacing the line's write-down in force. Refused when it would
    take more than the line's (Clio's) amount. Should Clio lower the line later, the
    write-down stays and is applied up to the new amount (the page flags it)."""
    reason = _reason(reason)
    _one_of(amount_off, new_amount, "the amount off or the new amount")
    with transaction.atomic():
        invoice, line = line_lock_editable(line.pk)
        if new_amount is not None:
            new_amount = _money(new_amount, "new amount")
            if new_amount >= line.amount:
                raise AdjustmentRefused(
                    f"The new amount ${new_amount:,.2f} must be below the line's "
                    f"${line.amount:,.2f}."
                )
            off = line.amount - new_amount
        else:
            off = _money(amount_off or Decimal("0"), "amount off")
            if off == 0:
                raise AdjustmentRefused("The amount off must be more than $0.")
            if off > line.amount:
                raise AdjustmentRefused(
                    f"${off:,.2f} is more than the line's ${line.amount:,.2f}; write it down to $0 "
                    "at most, or remove the line."
                )
        _replace(
            InvoiceAdjustment.objects.filter(
                line=line, kind=InvoiceAdjustment.Kind.WRITE_DOWN, replaced_at__isnull=True
            ).first(),
            user,
        )
        _record(
            InvoiceAdjustment(
                invoice=invoice,
                line=line,
                kind=InvoiceAdjustment.Kind.WRITE_DOWN,
                amount=off,
                line_amount=line.amount,
                reason=reason,
                created_by=user,
            ),
            user,
        )
        return _recompute(invoice, user, f"Line of {line.date} written down ${off:,.2f}: {reason}")


def invoice_discount_set(
    *,
    invoice: Invoice,
    user: User | None,
    reason: str,
    amount: Decimal | None = None,
    percent: Decimal | None = None,
) -> Invoice:
    """Give a draft a discount of ``amount`` or ``percent`` (of what is left after the
    write-downs), replacing the one in force. A fixed amount is refused above what is left; a
    percentage follows the lines as they change."""
    reason = _reason(reason)
    _one_of(amount, percent, "an amount or a percentage")
    with transaction.atomic():
        invoice = invoice_lock_editable(invoice.pk)
        if percent is not None:
            percent = _money(percent, "percentage")
            if not 0 < percent <= 100:
                raise AdjustmentRefused("A percentage discount is more than 0% and at most 100%.")
            what = f"{percent.normalize():f}%"
        else:
            amount = _money(amount or Decimal("0"), "discount")
            sums = invoice.lines.filter(live=True).aggregate(
                amounts=Sum("amount", default=Decimal("0.00")),
                write_downs=Sum("write_down", default=Decimal("0.00")),
            )
            left = (sums["amounts"] - sums["write_downs"]).quantize(CENTS)
            if amount == 0:
                raise AdjustmentRefused("The discount must be more than $0.")
            if amount > left:
                raise AdjustmentRefused(
                    f"${amount:,.2f} is more than the ${left:,.2f} the lines come to after "
                    "write-downs."
                )
            what = f"${amount:,.2f}"
        _replace(
            InvoiceAdjustment.objects.filter(
                invoice=invoice, kind=InvoiceAdjustment.Kind.DISCOUNT, replaced_at__isnull=True
            ).first(),
            user,
        )
        _record(
            InvoiceAdjustment(
                invoice=invoice,
                kind=InvoiceAdjustment.Kind.DISCOUNT,
                amount=amount,
                percent=percent,
                reason=reason,
                created_by=user,
            ),
            user,
        )
        return _recompute(invoice, user, f"Discount {what}: {reason}")


def invoice_adjustment_withdraw(*, adjustment: InvoiceAdjustment, user: User | None) -> Invoice:
    """Withdraw a write-down or a discount in force (an exclusion is undone by no one: its
    entry is back in the pool and drafts again)."""
    with transaction.atomic():
        invoice = invoice_lock_editable(adjustment.invoice_id)
        current = (
            InvoiceAdjustment.objects.filter(pk=adjustment.pk, replaced_at__isnull=True)
            .exclude(kind=InvoiceAdjustment.Kind.EXCLUDE)
            .first()
        )
        if current is None:
            raise AdjustmentRefused("That adjustment is no longer in force; reload.")
        _replace(current, user)
        return _recompute(invoice, user, f"{current.get_kind_display()} withdrawn")
