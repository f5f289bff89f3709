"""What billing staff do to a draft: approve, hold, resume, reject, remove or edit a line
(write-downs and discounts: ``adjustments.py``).

Each transition runs in one transaction holding ``SELECT … FOR UPDATE`` on the invoice row, and
saves through the model so django-simple-history records who and when.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from billing.models import BillingRules, Invoice, InvoiceAdjustment, InvoiceLine, Matter
from billing.selectors import (
    Blocker,
    activities_billable,
    invoice_aggregate,
    invoice_blockers_now,
)
from billing.services.draft_changes import invoice_total_recompute
from billing.services.drafts import EDITABLE_STATUSES, DraftPlan, draft_create, firm_today
from billing.services.numbering import invoice_number_allocate
from billing.services.rules import billing_rules_get
from integrations.outbox.record import outbox_record

if TYPE_CHECKING:
    from django.contrib.auth.models import User


# The longest reason kept for a hold, a rejection or an adjustment.
REASON_MAX = 300


class InvoiceTransitionError(Exception):
    """The invoice is not in a state that allows this action (message says why)."""


class InvoiceBlocked(InvoiceTransitionError):
    """Approval refused: something blocks sending (``invoice_blockers``), listed with fixes."""

    def __init__(self, invoice: Invoice, blockers: list[Blocker]):
        self.blockers = blockers
        reasons = " ".join(f"{blocker.label}. {blocker.fix}" for blocker in blockers)
        super().__init__(f"{invoice} cannot be approved yet: {reasons}")


def _locked(invoice_id: int) -> Invoice:
    return Invoice.objects.select_for_update().select_related("matter").get(pk=invoice_id)


def _save(invoice: Invoice, user: User | None, fields: list[str]) -> None:
    if user is not None:
        # The request middleware sets the history user for browser requests; token-authenticated
        # API calls and tasks only reach here with the user passed explicitly.
        invoice._history_user = user
    invoice.save(update_fields=fields)


def invoice_approve(*, invoice: Invoice, user: User | None, now: datetime | None = None) -> Invoice:
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
        # Checked before a number is taken, so a refused approval spends none.
        blockers = invoice_blockers_now(invoice_id=invoice.pk)
        if blockers:
            raise InvoiceBlocked(invoice, blockers)
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
        if invoice.trust_applied > 0 and invoice.amount_due <= 0:
            # Trust paid it all (PRODUCT.md §3.4): no payment link, nothing left to collect.
            invoice.status = Invoice.Status.PAID
            invoice.paid_at = now
            _save(invoice, user, ["status", "paid_at"])
        elif rules.send_mode == BillingRules.SendMode.ON_APPROVAL:
            from billing.services.delivery import invoice_delivery_start

            invoice_delivery_start(invoice=invoice)
    return invoice


@dataclass
class BulkApproval:
    approved: list[Invoice] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)


def invoices_bulk_approve(*, invoice_ids: list[int], user: User | None) -> BulkApproval:
    """Approve each invoice in its own transaction; one refusal does not stop the others."""
    outcome = BulkApproval()
    for invoice in Invoice.objects.filter(pk__in=invoice_ids).order_by("pk"):
        try:
            outcome.approved.append(invoice_approve(invoice=invoice, user=user))
        except InvoiceTransitionError as error:
            outcome.refused[invoice.pk] = str(error)
    return outcome


def invoice_hold(*, invoice: Invoice, user: User | None, reason: str) -> Invoice:
    with transaction.atomic():
        invoice = _locked(invoice.pk)
        if invoice.status != Invoice.Status.DRAFT:
            raise InvoiceTransitionError("Only a draft can be put on hold.")
        invoice.status = Invoice.Status.ON_HOLD
        invoice.hold_reason = reason.strip()[:300]
        _save(invoice, user, ["status", "hold_reason"])
    return invoice


def invoice_resume(*, invoice: Invoice, user: User | None) -> Invoice:
    with transaction.atomic():
        invoice = _locked(invoice.pk)
        if invoice.status != Invoice.Status.ON_HOLD:
            raise InvoiceTransitionError("Only an invoice on hold can be resumed.")
        invoice.status = Invoice.Status.DRAFT
        invoice.hold_reason = ""
        _save(invoice, user, ["status", "hold_reason"])
    return invoice


def invoice_reject(*, invoice: Invoice, user: User | None, reason: str) -> Invoice:
    """Reject a draft: it stops being live and no number is used. Its entries are free again
    but held (``activity_held_by_rejection``): not drafted again by themselves until new time,
    an edit in Clio or "Draft again" (``invoice_draft_again``).
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


def invoice_draft_again(*, invoice: Invoice, user: User | None) -> Invoice:
    """A person asks for a rejected draft's entries to be drafted now ("Draft again").

    The new draft takes the entries that can still be billed (not deleted, still billable, not
    on another live invoice), whatever the threshold or the billing date. Once per rejected
    invoice: its period key ``again:<id>`` is taken by the new draft, even if that is rejected
    in turn. Holds the matter's row lock, like every draft creation.
    """
    rules = billing_rules_get()
    with transaction.atomic():
        rejected = Invoice.objects.select_related("matter").get(pk=invoice.pk)
        if rejected.status != Invoice.Status.REJECTED:
            raise InvoiceTransitionError("Only a rejected invoice can be drafted again.")
        matter = Matter.objects.select_for_update().get(pk=rejected.matter_id)
        key = f"again:{rejected.pk}"
        earlier = Invoice.objects.filter(matter=matter, period_key=key).first()
        if earlier is not None:
            raise InvoiceTransitionError(f"It was drafted again already, as draft #{earlier.pk}.")
        entries = list(
            activities_billable(rules=rules)
            .filter(matter=matter, invoice_lines__invoice=rejected)
            .select_related("user")
            .distinct()
            .order_by("date", "pk")
        )
        if not entries:
            elsewhere = sorted(
                str(other)
                for other in Invoice.objects.filter(
                    live=True, lines__live=True, lines__activity__invoice_lines__invoice=rejected
                ).distinct()
            )
            where = f" They are on {', '.join(elsewhere)} now." if elsewhere else ""
            raise InvoiceTransitionError(
                "None of its entries can be billed now: they are on another invoice, were "
                f"deleted or changed in Clio, or the matter is closed or out of scope.{where}"
            )
        plan = DraftPlan(
            matter=matter,
            trigger=Invoice.Trigger.MANUAL,
            period_key=key,
            period_end=max(entry.date for entry in entries),
            entries=entries,
        )
        draft = draft_create(plan=plan)
        if draft is None:
            raise InvoiceTransitionError("Another draft took these entries first; reload.")
        if user is not None:
            draft._history_user = user
            draft.save(update_fields=["status"])
    return draft


def invoice_lock_editable(invoice_id: int) -> Invoice:
    """The invoice under ``SELECT … FOR UPDATE``, refused unless its lines may still change;
    call inside a transaction."""
    invoice = _locked(invoice_id)
    if invoice.status not in EDITABLE_STATUSES:
        raise InvoiceTransitionError("Lines can only change while the invoice is a draft.")
    return invoice


def line_lock_editable(line_id: int) -> tuple[Invoice, InvoiceLine]:
    """The line's invoice under its row lock (``invoice_lock_editable``) and the live line as
    it is once the lock is held; call inside a transaction."""
    line = InvoiceLine.objects.select_related("invoice").get(pk=line_id)
    invoice = invoice_lock_editable(line.invoice_id)
    line = InvoiceLine.objects.get(pk=line_id, live=True)
    return invoice, line


def invoice_line_remove(*, line: InvoiceLine, user: User | None, reason: str = "") -> Invoice:
    """Take a line off a draft: its entry returns to the pool (to be billed later, so the reason
    is optional); the exclusion is recorded with who and why and the total is recomputed."""
    reason = reason.strip()
    if len(reason) > REASON_MAX:
        raise InvoiceTransitionError(f"Keep the reason under {REASON_MAX} characters.")
    with transaction.atomic():
        invoice, line = line_lock_editable(line.pk)
        line.live = False
        if user is not None:
            line._history_user = user
        line.save(update_fields=["live"])
        exclusion = InvoiceAdjustment(
            invoice=invoice,
            line=line,
            kind=InvoiceAdjustment.Kind.EXCLUDE,
            amount=line.amount,
            line_amount=line.amount,
            reason=reason,
            created_by=user,
        )
        if user is not None:
            exclusion._history_user = user
        exclusion.save()
        # Names the change in the invoice's history row (django-simple-history reads it).
        why = f"Line of {line.date} removed" + (f": {reason}" if reason else "")
        invoice._change_reason = why[:100]  # type: ignore[attr-defined]
        invoice_total_recompute(invoice=invoice, user=user)
    return invoice


def invoice_line_describe(*, line: InvoiceLine, description: str, user: User | None) -> InvoiceLine:
    """Change what the client reads on a line (Clio's entry is not changed)."""
    description = description.strip()
    if not description:
        raise InvoiceTransitionError("A line needs a description.")
    with transaction.atomic():
        _invoice, line = line_lock_editable(line.pk)
        line.description = description
        if user is not None:
            line._history_user = user
        line.save(update_fields=["description"])
    return line
