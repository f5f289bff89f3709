"""What billing staff do to a draft: approve, hold, resume, reject, remove or edit a line.

Each transition runs in one transaction holding ``SELECT … FOR UPDATE`` on the invoice row, and
saves through the model so django-simple-history records who and when.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from billing.models import BillingRules, Invoice, InvoiceLine, Matter
from billing.selectors import invoice_aggregate
from billing.services.drafts import EDITABLE_STATUSES, firm_today, invoice_total_recompute
from billing.services.numbering import invoice_number_allocate
from billing.services.rules import billing_rules_get
from integrations.outbox import outbox_record


class InvoiceTransitionError(Exception):
    """The invoice is not in a state that allows this action (message says why)."""


def _locked(invoice_id: int) -> Invoice:
    return Invoice.objects.select_for_update().select_related("matter").get(pk=invoice_id)


def _save(invoice: Invoice, user, fields: list[str]) -> None:
    if user is not None:
        # The request middleware sets the history user for browser requests; token-authenticated
        # API calls and tasks only reach here with the user passed explicitly.
        invoice._history_user = user
    invoice.save(update_fields=fields)


def invoice_approve(*, invoice: Invoice, user, now: datetime | None = None) -> Invoice:
    """Approve a draft: give it the next number, set the due date, note it in Clio and, when the
    rules send on approval, start delivery — all in one transaction."""
    now = now or timezone.now()
    rules = billing_rules_get()
    with transaction.atomic():
        invoice = _locked(invoice.pk)
        if invoice.status not in EDITABLE_STATUSES:
            raise InvoiceTransitionError(
                f"Invoice {invoice} is {invoice.get_status_display().lower()}; "
                "only drafts and held invoices can be approved."
            )
        if invoice.matter.status != Matter.Status.OPEN:
            raise InvoiceTransitionError("The matter is closed in Clio; reopen it or reject.")
        if invoice.total <= 0:
            raise InvoiceTransitionError("The invoice total is $0; reject it instead.")
        today = firm_today(now=now)
        invoice.number = invoice_number_allocate(year=today.year)
        invoice.status = Invoice.Status.APPROVED
        invoice.approved_at = now
        invoice.approved_by = user
        invoice.hold_reason = ""
        invoice.due_date = today + timedelta(days=rules.payment_terms_days)
        _save(
            invoice,
            user,
            ["number", "status", "approved_at", "approved_by", "hold_reason", "due_date"],
        )
        outbox_record(
            kind="clio.note.create",
            dedupe_key=f"billing:invoice:{invoice.pk}:approved",
            payload={
                "clio_matter_id": invoice.matter.clio_id,
                "subject": f"Remit invoice {invoice.number} approved",
                "detail": (
                    f"Remit invoice {invoice.number} (draft #{invoice.pk}) for "
                    f"${invoice.total:,} was approved; due {invoice.due_date.isoformat()}."
                ),
            },
            aggregate=invoice_aggregate(invoice.pk),
        )
        if rules.send_mode == BillingRules.SendMode.ON_APPROVAL:
            from billing.services.delivery import invoice_delivery_start

            invoice_delivery_start(invoice=invoice)
    return invoice


@dataclass
class BulkApproval:
    approved: list[Invoice] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)


def invoices_bulk_approve(*, invoice_ids: list[int], user) -> BulkApproval:
    """Approve each invoice in its own transaction; one refusal does not stop the others."""
    outcome = BulkApproval()
    for invoice in Invoice.objects.filter(pk__in=invoice_ids).order_by("pk"):
        try:
            outcome.approved.append(invoice_approve(invoice=invoice, user=user))
        except InvoiceTransitionError as error:
            outcome.refused[invoice.pk] = str(error)
    return outcome


def invoice_hold(*, invoice: Invoice, user, reason: str) -> Invoice:
    with transaction.atomic():
        invoice = _locked(invoice.pk)
        if invoice.status != Invoice.Status.DRAFT:
            raise InvoiceTransitionError("Only a draft can be put on hold.")
        invoice.status = Invoice.Status.ON_HOLD
        invoice.hold_reason = reason.strip()[:300]
        _save(invoice, user, ["status", "hold_reason"])
    return invoice


def invoice_resume(*, invoice: Invoice, user) -> Invoice:
    with transaction.atomic():
        invoice = _locked(invoice.pk)
        if invoice.status != Invoice.Status.ON_HOLD:
            raise InvoiceTransitionError("Only an invoice on hold can be resumed.")
        invoice.status = Invoice.Status.DRAFT
        invoice.hold_reason = ""
        _save(invoice, user, ["status", "hold_reason"])
    return invoice


def invoice_reject(*, invoice: Invoice, user, reason: str) -> Invoice:
    """Reject a draft: it stops being live, its entries return to the pool, no number is used.

    The period stays taken by the rejected draft, so the same period does not fire again by
    itself (``matter_draft_plan``); the entries go on the next period's invoice.
    """
    if not reason.strip():
        raise InvoiceTransitionError("Say why the invoice is rejected.")
    with transaction.atomic():
        invoice = _locked(invoice.pk)
        if invoice.status not in EDITABLE_STATUSES:
            raise InvoiceTransitionError("Only drafts and held invoices can be rejected.")
        lines = list(invoice.lines.filter(live=True))
        for line in lines:
            line.live = False
        bulk_update_with_history(lines, InvoiceLine, ["live"], default_user=user)
        invoice.status = Invoice.Status.REJECTED
        invoice.live = False
        invoice.rejection_reason = reason.strip()[:300]
        _save(invoice, user, ["status", "live", "rejection_reason"])
    return invoice


def _editable_line(line_id: int) -> tuple[Invoice, InvoiceLine]:
    line = InvoiceLine.objects.select_related("invoice").get(pk=line_id)
    invoice = _locked(line.invoice_id)
    if invoice.status not in EDITABLE_STATUSES:
        raise InvoiceTransitionError("Lines can only change while the invoice is a draft.")
    line = InvoiceLine.objects.get(pk=line_id, live=True)
    return invoice, line


def invoice_line_remove(*, line: InvoiceLine, user) -> Invoice:
    """Take a line off a draft: its entry returns to the pool; the total is recomputed."""
    with transaction.atomic():
        invoice, line = _editable_line(line.pk)
        line.live = False
        if user is not None:
            line._history_user = user
        line.save(update_fields=["live"])
        invoice_total_recompute(invoice=invoice)
    return invoice


def invoice_line_describe(*, line: InvoiceLine, description: str, user) -> InvoiceLine:
    """Change what the client reads on a line (Clio's entry is not changed)."""
    description = description.strip()
    if not description:
        raise InvoiceTransitionError("A line needs a description.")
    with transaction.atomic():
        _invoice, line = _editable_line(line.pk)
        line.description = description
        if user is not None:
            line._history_user = user
        line.save(update_fields=["description"])
    return line
