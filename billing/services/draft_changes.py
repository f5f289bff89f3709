"""Keeping drafts true to Clio after they were made: lines follow their activity's new
amount (or are flagged when they no longer can), totals are recomputed, and a draft whose
matter closed is held while the matter gets its final draft.

Locking contract as in ``drafts.py``: every change holds ``SELECT … FOR UPDATE`` on the
invoice row. ``activities_changed`` / ``matters_changed`` are the immediate path, called by the
mirror service (``mirror.py``) once the sync's transaction committed; the every-minute
evaluation (``evaluation.py``) does the same work set-wide, so a change that path missed still
lands within a minute.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from billing.models import Activity, AttentionItem, Invoice, InvoiceAdjustment, InvoiceLine, Matter
from billing.selectors import (
    activity_is_billable,
    drafts_on_closed_matters,
    lines_out_of_date,
)
from billing.selectors.adjustments import (
    InvoiceFigures,
    adjustments_in_force,
    invoice_figures_compute,
)
from billing.services.attention import attention_item_open
from billing.services.drafts import (
    EDITABLE_STATUSES,
    line_values,
    matter_final_draft_evaluate,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)


def invoice_total_recompute(*, invoice: Invoice, user: User | None = None) -> InvoiceFigures:
    """Set the total to the sum of the live lines (Clio's amounts, never re-rounded) less the
    write-downs and the discount in force, never below 0; each line's ``write_down`` and the
    invoice's ``discount`` to what they take off now. Hold the invoice lock. ``user`` is named
    in the history of what changes."""
    lines = list(invoice.lines.filter(live=True))
    write_downs: dict[int, Decimal] = {}
    discount_amount: Decimal | None = None
    discount_percent: Decimal | None = None
    for adjustment in adjustments_in_force(invoice_id=invoice.pk):
        if adjustment.kind == InvoiceAdjustment.Kind.DISCOUNT:
            discount_amount, discount_percent = adjustment.amount, adjustment.percent
        elif adjustment.line_id is not None and adjustment.amount is not None:
            write_downs[adjustment.line_id] = adjustment.amount
    figures = invoice_figures_compute(
        lines={line.pk: line.amount for line in lines},
        write_downs=write_downs,
        discount_amount=discount_amount,
        discount_percent=discount_percent,
    )
    for line in lines:
        applied = figures.write_downs.get(line.pk, Decimal("0.00"))
        if line.write_down != applied:
            line.write_down = applied
            if user is not None:
                line._history_user = user
            line.save(update_fields=["write_down"])
    invoice.total = figures.total
    invoice.discount = figures.discount
    if user is not None:
        invoice._history_user = user
    invoice.save(update_fields=["total", "discount"])
    return figures


def _line_follow(line: InvoiceLine, invoice: Invoice) -> None:
    activity = line.activity
    if activity is None:  # a flat-fee line follows no Clio entry
        return
    if activity_is_billable(activity=activity, matter_id=invoice.matter_id):
        for name, value in line_values(activity).items():
            setattr(line, name, value)
        # The write-down in force stays (Clio's amount is kept); the recompute that follows
        # applies it up to the new amount.
        line.write_down = min(line.write_down, line.amount)
    else:
        # The entry left the pool in Clio (deleted, made non-billable, moved): drop the line.
        line.live = False
        line.source_changed_at = activity.content_changed_at
    line.save()


def _line_flag(line: InvoiceLine, invoice: Invoice) -> None:
    activity = line.activity
    if activity is None:  # a flat-fee line follows no Clio entry
        return
    line.changed_after_invoicing = True
    line.source_changed_at = activity.content_changed_at
    line.save(update_fields=["changed_after_invoicing", "source_changed_at"])
    what = "deleted" if activity.deleted_at else "changed"
    attention_item_open(
        invoice=invoice,
        reason=AttentionItem.Reason.CHANGED_AFTER_INVOICING,
        detail=(
            f"The Clio entry of {line.date} ({line.description[:60]!r}, ${line.amount}) was "
            f"{what} after invoice {invoice} was approved; the invoice was not altered."
        ),
        fix="Check the entry in Clio; correct it there or issue a credit or a new invoice.",
    )


def invoice_lines_refresh(*, invoice_id: int, line_ids: list[int]) -> Invoice | None:
    """Bring the given out-of-date lines of one invoice in line with their Clio entries.

    A draft follows Clio (lines updated or dropped, total recomputed); an approved or sent
    invoice is never altered: its lines are flagged "changed after invoicing" for a person.
    """
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().filter(pk=invoice_id, live=True).first()
        if invoice is None:
            return None
        lines = list(
            lines_out_of_date()
            .filter(invoice=invoice, pk__in=line_ids)
            .select_related("activity", "activity__user")
        )
        if not lines:
            return invoice
        if invoice.status in EDITABLE_STATUSES:
            for line in lines:
                _line_follow(line, invoice)
            figures = invoice_total_recompute(invoice=invoice)
            # Adjustments may bring a total to $0 on purpose; only no entries left holds it.
            if figures.lines_total <= 0 and invoice.status == Invoice.Status.DRAFT:
                invoice.status = Invoice.Status.ON_HOLD
                invoice.hold_reason = "Every entry left the invoice in Clio: the total is $0."
                invoice.save(update_fields=["status", "hold_reason"])
                attention_item_open(
                    invoice=invoice,
                    reason=AttentionItem.Reason.ZERO_AMOUNT,
                    detail=f"Draft {invoice} has no billable entries left.",
                    fix="Reject the draft.",
                )
        else:
            for line in lines:
                _line_flag(line, invoice)
    return invoice


def lines_refresh_grouped(lines: QuerySet[InvoiceLine]) -> int:
    by_invoice: dict[int, list[int]] = {}
    for line_id, invoice_id in lines.values_list("pk", "invoice_id"):
        by_invoice.setdefault(invoice_id, []).append(line_id)
    for invoice_id, line_ids in by_invoice.items():
        invoice_lines_refresh(invoice_id=invoice_id, line_ids=line_ids)
    return len(by_invoice)


def activities_changed(*, activity_ids: Collection[int]) -> None:
    """Call after the mirror of these activities changed or they were deleted (one query for
    the batch): their draft lines follow, lines on approved invoices are flagged. Not while
    holding the activities' row locks: this locks invoices."""
    lines_refresh_grouped(lines_out_of_date().filter(activity_id__in=activity_ids))


def activity_changed(*, activity: Activity) -> None:
    """``activities_changed`` for one entry."""
    activities_changed(activity_ids=[activity.pk])


def invoice_hold_for_closed_matter(*, invoice_id: int) -> Invoice | None:
    with transaction.atomic():
        invoice = drafts_on_closed_matters().select_for_update().filter(pk=invoice_id).first()
        if invoice is None:
            return None
        invoice.status = Invoice.Status.ON_HOLD
        invoice.hold_reason = "The matter was closed in Clio while the draft waited."
        invoice.save(update_fields=["status", "hold_reason"])
        attention_item_open(
            invoice=invoice,
            reason=AttentionItem.Reason.MATTER_CLOSED,
            detail=f"Matter {invoice.matter.display_number} was closed while draft "
            f"{invoice} waited for review.",
            fix="Reopen the matter in Clio and resume the draft, or reject it.",
        )
    return invoice


def matters_changed(*, matter_ids: Collection[int]) -> None:
    """Call after the mirror of these matters changed: holds the drafts of those closed (or
    deleted) in Clio, then drafts the final invoice of each closed one that is due. Not while
    holding the matters' row locks: this locks invoices and matters."""
    drafts = drafts_on_closed_matters().filter(matter_id__in=matter_ids)
    for invoice_id in drafts.values_list("pk", flat=True):
        invoice_hold_for_closed_matter(invoice_id=invoice_id)
    now = timezone.now()
    for matter in Matter.objects.filter(pk__in=matter_ids, status=Matter.Status.CLOSED):
        matter_final_draft_evaluate(matter=matter, now=now)


def matter_changed(*, matter: Matter) -> None:
    """``matters_changed`` for one matter."""
    matters_changed(matter_ids=[matter.pk])
