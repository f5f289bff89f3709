"""Trust first (PRODUCT.md §3 event 4): propose paying a draft from the matter's cleared trust
funds; approve (posting the withdrawal in the same transaction as the invoice's approval) or
decline.

Lock order, everywhere: the invoice row, then the trust account, then the matter's ledger
(``trust/services/posting.py``). A proposal records the figures it was made from; approval
recomputes them under the locks and, when they changed, replaces the proposal and asks again
instead of posting against stale numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from billing.models import Invoice
from billing.services.drafts import firm_today
from billing.services.review import InvoiceTransitionError, invoice_approve
from billing.services.trust_first import (
    TRUST_OPEN_STATUSES,
    invoice_lock,
    invoice_trust_apply,
    invoice_trust_review_set,
)
from trust.models import ZERO, MatterLedger, TrustAccount, TrustApplication, TrustTransfer
from trust.services.accounts import trust_account_default
from trust.services.clio_mirror import trust_entry_mirror_record
from trust.services.posting import trust_amount_clean, trust_withdrawal_post
from trust.services.requests import trust_evergreen_check

if TYPE_CHECKING:
    from django.contrib.auth.models import User

Status = TrustApplication.Status
APPLY_PERMISSION = "trust.apply_trust_funds"


class TrustApplicationRefused(Exception):
    """The application cannot be decided as asked; nothing changed. The message says why."""


@dataclass(frozen=True)
class ApplicationDecision:
    """What approving did: ``applied``, or the figures changed and ``application`` is the new
    proposal to look at (``None`` when trust no longer has anything to give)."""

    applied: bool
    application: TrustApplication | None
    message: str


def _ledger(account: TrustAccount, invoice: Invoice, *, lock: bool) -> MatterLedger | None:
    ledgers = MatterLedger.objects.filter(account=account, matter_id=invoice.matter_id)
    return (ledgers.select_for_update() if lock else ledgers).first()


def _proposable_amount(invoice: Invoice, ledger: MatterLedger | None) -> Decimal:
    if ledger is None or invoice.disputed_at is not None:
        return ZERO
    if invoice.status not in TRUST_OPEN_STATUSES or not invoice.live:
        return ZERO
    return min(ledger.available, invoice.total)


def _propose_locked(invoice: Invoice, account: TrustAccount) -> TrustApplication | None:
    """Replace any open proposal by one on today's figures (invoice lock held)."""
    for stale in TrustApplication.objects.filter(invoice=invoice, status=Status.PROPOSED):
        stale.status = Status.SUPERSEDED
        stale.decided_at = timezone.now()
        stale.save(update_fields=["status", "decided_at"])  # through the model: history kept
    ledger = _ledger(account, invoice, lock=False)
    amount = _proposable_amount(invoice, ledger)
    if ledger is None or amount <= 0:
        if invoice.trust_review == Invoice.TrustReview.PENDING:
            invoice_trust_review_set(invoice=invoice, review=Invoice.TrustReview.NONE)
        return None
    application = TrustApplication.objects.create(
        invoice=invoice,
        ledger=ledger,
        amount=amount,
        available_seen=ledger.available,
        invoice_total_seen=invoice.total,
    )
    invoice_trust_review_set(invoice=invoice, review=Invoice.TrustReview.PENDING)
    return application


def trust_application_propose(*, invoice: Invoice) -> TrustApplication | None:
    """Propose min(cleared trust funds, total) for a draft, if the matter has any; idempotent
    (an open proposal on the same figures is kept)."""
    account = trust_account_default()
    if account is None:
        return None
    with transaction.atomic():
        invoice = invoice_lock(invoice_id=invoice.pk)
        if invoice.trust_review in (Invoice.TrustReview.APPLIED, Invoice.TrustReview.DECLINED):
            return None
        open_one = TrustApplication.objects.filter(invoice=invoice, status=Status.PROPOSED).first()
        ledger = _ledger(account, invoice, lock=False)
        if open_one is not None and _unchanged(open_one, invoice, ledger):
            return open_one
        return _propose_locked(invoice, account)


def _unchanged(
    application: TrustApplication, invoice: Invoice, ledger: MatterLedger | None
) -> bool:
    return (
        ledger is not None
        and application.ledger_id == ledger.pk
        and application.available_seen == ledger.available
        and application.invoice_total_seen == invoice.total
        and application.amount == _proposable_amount(invoice, ledger)
    )


def _check_permission(user: User) -> None:
    if not user.has_perm(APPLY_PERMISSION):
        raise TrustApplicationRefused(
            f"{user.get_username()} may not apply trust funds: it needs the “apply trust” "
            "permission (attorneys and admins hold it)."
        )


def trust_application_approve(
    *,
    application: TrustApplication,
    user: User,
    amount: Decimal | None = None,
    on: date | None = None,
) -> ApplicationDecision:
    """Apply the proposal (or ``amount`` of it, no more): post the earned-fee withdrawal, take
    it off the amount due and approve the invoice, all in one transaction — or, when the
    balance or the total changed since it was proposed, propose again on the new figures and
    post nothing."""
    _check_permission(user)
    if amount is not None:
        amount = trust_amount_clean(amount)
        if amount > application.amount:
            raise TrustApplicationRefused(
                f"${amount:,} is more than the ${application.amount:,} proposed (the matter's "
                "cleared funds, at most the invoice total)."
            )
    with transaction.atomic():
        invoice = invoice_lock(invoice_id=application.invoice_id)
        application = TrustApplication.objects.select_for_update().get(pk=application.pk)
        if application.status != Status.PROPOSED:
            raise TrustApplicationRefused(
                f"This proposal is {application.get_status_display().lower()}; there is "
                "nothing to approve."
            )
        if invoice.disputed_at is not None:
            raise TrustApplicationRefused(
                f"Invoice {invoice} is disputed: disputed amounts stay in trust."
            )
        account = TrustAccount.objects.select_for_update().get(pk=application.ledger.account_id)
        ledger = _ledger(account, invoice, lock=True)
        if not _unchanged(application, invoice, ledger):
            fresh = _propose_locked(invoice, account)
            now_available = ledger.available if ledger else ZERO
            message = (
                "The figures changed since the proposal (cleared trust funds "
                f"${application.available_seen:,} → ${now_available:,}, invoice total "
                f"${application.invoice_total_seen:,} → ${invoice.total:,}). "
            ) + (
                f"Nothing was applied; the new proposal is ${fresh.amount:,}: look again."
                if fresh
                else "Nothing was applied, and the matter has no cleared trust funds left."
            )
            return ApplicationDecision(applied=False, application=fresh, message=message)
        today = on or firm_today(now=timezone.now())
        if amount is not None and amount != application.amount:
            application.amount = amount  # a part of what was proposed, recorded as applied
        entry = trust_withdrawal_post(
            account=account,
            invoice=invoice,
            amount=application.amount,
            effective_date=today,
            user=user,
        )
        TrustTransfer.objects.create(entry=entry, amount=application.amount)
        application.status = Status.APPLIED
        application.entry = entry
        application.decided_at = timezone.now()
        application.decided_by = user
        application._history_user = user  # type: ignore[attr-defined]
        application.save(update_fields=["status", "entry", "decided_at", "decided_by", "amount"])
        invoice_trust_apply(invoice=invoice, amount=application.amount, user=user)
        try:
            invoice = invoice_approve(invoice=invoice, user=user)
        except InvoiceTransitionError as error:
            # Rolls the withdrawal back with the approval: trust is applied only to an
            # approved invoice.
            raise TrustApplicationRefused(str(error)) from error
        trust_entry_mirror_record(entry=entry)
        trust_evergreen_check(ledger_id=entry.ledger_id)
    return ApplicationDecision(
        applied=True,
        application=application,
        message=(
            f"${application.amount:,} applied from trust; invoice {invoice.number} approved"
            + (f", ${invoice.amount_due:,} left to pay." if invoice.amount_due > 0 else ", paid.")
        ),
    )


def trust_application_decline(
    *, application: TrustApplication, user: User, reason: str
) -> TrustApplication:
    """Keep the trust funds where they are; the invoice is then approved and paid by link."""
    _check_permission(user)
    if not reason.strip():
        raise TrustApplicationRefused("Say why trust is not applied (the client asked, …).")
    with transaction.atomic():
        invoice = invoice_lock(invoice_id=application.invoice_id)
        application = TrustApplication.objects.select_for_update().get(pk=application.pk)
        if application.status != Status.PROPOSED:
            raise TrustApplicationRefused(
                f"This proposal is {application.get_status_display().lower()}; there is "
                "nothing to decline."
            )
        application.status = Status.DECLINED
        application.decline_reason = reason.strip()[:300]
        application.decided_at = timezone.now()
        application.decided_by = user
        application._history_user = user  # type: ignore[attr-defined]
        application.save(update_fields=["status", "decline_reason", "decided_at", "decided_by"])
        invoice_trust_review_set(invoice=invoice, review=Invoice.TrustReview.DECLINED, user=user)
    return application


def trust_proposals_missing() -> int:
    """The backstop of trust first: every undecided draft on a matter with cleared funds in
    the default account gets its proposal (the immediate paths are the draft signal and a
    deposit's commit). Returns how many were proposed."""
    account = trust_account_default()
    if account is None:
        return 0
    funded = MatterLedger.objects.filter(account=account, available__gt=0).values("matter_id")
    waiting = Invoice.objects.filter(
        status__in=TRUST_OPEN_STATUSES,
        live=True,
        trust_review=Invoice.TrustReview.NONE,
        disputed_at__isnull=True,
        total__gt=0,
        matter_id__in=funded,
    ).values_list("pk", flat=True)
    proposed = 0
    for invoice_id in waiting:
        if trust_application_propose(invoice=Invoice(pk=invoice_id)) is not None:
            proposed += 1
    return proposed
