"""An invoice's own history in billing's words: drafted, held, resumed, approved, rejected,
voided, lines reworded or removed, each with who and when (django-simple-history's records).

Two queries, whatever the number of records. The integrations' invoice page section
(``integrations/invoice_history.py``) shows these beside the outbox, the reminders and the
payments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from billing.models import Invoice, InvoiceLine

Status = Invoice.Status
# A line taken off by a rejection, a void or an adjustment the invoice's record names (its
# change reason) is part of that step, not an edit of its own.
_SAME_STEP = timedelta(seconds=5)


@dataclass(frozen=True)
class InvoiceChange:
    at: datetime
    title: str
    detail: str = ""
    by: str = ""  # the user's name; empty: Remit itself (a task, a webhook)


def _by(record: Any) -> str:
    user = record.history_user
    return user.get_username() if user is not None else ""


def _money(amount: Any) -> str:
    return f"${amount:,.2f}"


def _invoice_change(record: Any, before: Any) -> InvoiceChange | None:
    at, by, reason = record.history_date, _by(record), record.history_change_reason or ""
    if before is None:
        return InvoiceChange(
            at, "Drafted", f"{_money(record.total)}, {record.get_trigger_display()}", by
        )
    if record.status != before.status:
        titles = {
            Status.ON_HOLD: ("Put on hold", record.hold_reason),
            Status.APPROVED: (f"Approved as {record.number}", ""),
            Status.REJECTED: ("Rejected", record.rejection_reason),
            Status.SENT: ("Marked sent", ""),
            Status.PARTIALLY_PAID: ("Partially paid", f"{_money(record.amount_paid)} paid"),
            Status.PAID: ("Paid", f"{_money(record.amount_paid)} paid"),
            Status.VOID: ("Voided", reason.removeprefix("Voided: ")),
        }
        if record.status == Status.DRAFT and before.status == Status.ON_HOLD:
            return InvoiceChange(at, "Resumed", "", by)
        title, detail = titles.get(record.status, (f"Now {record.get_status_display()}", ""))
        return InvoiceChange(at, title, detail, by)
    if record.total != before.total:
        detail = f"total {_money(before.total)} → {_money(record.total)}"
        return InvoiceChange(at, reason or "Total changed", detail, by)
    if reason:
        return InvoiceChange(at, reason, "", by)
    return None


def _line_change(record: Any, before: Any) -> InvoiceChange | None:
    if before is None:
        return None
    at, by = record.history_date, _by(record)
    if before.live and not record.live:
        return InvoiceChange(
            at, "Line removed", f"{record.description} ({_money(record.amount)})", by
        )
    if record.description != before.description:
        return InvoiceChange(
            at, "Line reworded", f"{before.description} → {record.description}", by
        )
    return None


def invoice_changes(*, invoice: Invoice) -> list[InvoiceChange]:
    """What people and Remit did to ``invoice`` and its lines, oldest first."""
    return invoices_changes(invoice_ids=[invoice.pk]).get(invoice.pk, [])


def invoices_changes(*, invoice_ids: list[int]) -> dict[int, list[InvoiceChange]]:
    """``invoice_changes`` of several invoices (a matter's, for its timeline): two queries."""
    changes: dict[int, list[InvoiceChange]] = {pk: [] for pk in invoice_ids}
    steps: dict[int, list[datetime]] = {pk: [] for pk in invoice_ids}
    before: dict[int, Any] = {}
    records = (
        Invoice.history.filter(id__in=invoice_ids)
        .select_related("history_user")
        .order_by("id", "history_id")
    )
    for record in records:
        previous = before.get(record.id)
        change = _invoice_change(record, previous)
        if change is not None:
            changes[record.id].append(change)
        if previous is not None and (
            record.status in (Status.REJECTED, Status.VOID) or record.history_change_reason
        ):
            steps[record.id].append(record.history_date)
        before[record.id] = record
    lines = (
        InvoiceLine.history.filter(invoice_id__in=invoice_ids)
        .select_related("history_user")
        .order_by("id", "history_id")
    )
    previous_line: dict[int, Any] = {}
    for record in lines:
        change = _line_change(record, previous_line.get(record.id))
        previous_line[record.id] = record
        if change is None:
            continue
        if change.title == "Line removed" and any(
            abs(change.at - s) < _SAME_STEP for s in steps[record.invoice_id]
        ):
            continue
        changes[record.invoice_id].append(change)
    for listed in changes.values():
        listed.sort(key=lambda change: change.at)
    return changes
