"""Three-way reconciliation: a statement uploaded for a period becomes that period's draft
reconciliation (its lines matched automatically), and a named user signs it off.

Sign-off takes the trust account's row lock, the lock every posting takes first
(``trust/services/posting.py``), recomputes the report under it, stores the figures and sets
``TrustAccount.locked_through`` to the period end in the same transaction: a back-dated posting
racing a sign-off either lands before it (and is in the figures) or is refused after it.

It is refused while the trust journal and the matter ledgers differ: that is never explained
away (one client's money would be covering another's). A difference between the adjusted bank
balance and the journal can be signed only with a written explanation (a bank error the bank
will correct next month); it is stored with the figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from billing.services.drafts import firm_today
from trust.models import BankStatement, Reconciliation, TrustAccount
from trust.selectors_reconciliation import ReconciliationReport, reconciliation_report
from trust.services.matching import reconciler_check, statement_lines_match
from trust.services.statements import bank_statement_import

if TYPE_CHECKING:
    from django.contrib.auth.models import User

EXPLANATION_MAX = 2000


class ReconciliationRefused(Exception):
    """The upload or sign-off is refused; nothing changed. The message says why."""


@dataclass(frozen=True)
class StatementUpload:
    """The import, and the period's reconciliation when the file was accepted."""

    statement: BankStatement
    created: bool
    reconciliation: Reconciliation | None
    matched: int


def reconciliation_statement_upload(
    *,
    account: TrustAccount,
    period_end: date,
    opening_balance: Decimal,
    closing_balance: Decimal,
    file_name: str,
    content: bytes,
    user: User,
) -> StatementUpload:
    """Import the statement, match its lines and make it the period's draft reconciliation."""
    reconciler_check(user, doing="import bank statements", refused=ReconciliationRefused)
    with transaction.atomic():
        imported = bank_statement_import(
            account=account,
            period_end=period_end,
            opening_balance=opening_balance,
            closing_balance=closing_balance,
            file_name=file_name,
            content=content,
            user=user,
        )
        statement = imported.statement
        if statement.status != BankStatement.Status.ACCEPTED:
            return StatementUpload(statement, imported.created, None, 0)
        matched = statement_lines_match(statement=statement, user=user) if imported.created else 0
        reconciliation, made = Reconciliation.objects.get_or_create(
            account=statement.account,
            period_end=statement.period_end,
            defaults={"statement": statement},
        )
        if not made and not reconciliation.signed and reconciliation.statement_id != statement.pk:
            reconciliation.statement = statement
            reconciliation.save(update_fields=["statement"])
    return StatementUpload(statement, imported.created, reconciliation, matched)


def _refusal(report: ReconciliationReport, explanation: str) -> str:
    if report.ledgers_difference:
        return (
            f"The trust journal (${report.journal_balance:,}) and the matter ledgers "
            f"(${report.ledgers_balance:,}) differ by ${report.ledgers_difference:,}. This is "
            "never signed off: find the entry behind it first."
        )
    if report.bank_difference and not explanation:
        return (
            f"The adjusted bank balance (${report.adjusted_bank_balance:,}) and the trust "
            f"journal (${report.journal_balance:,}) differ by ${report.bank_difference:,}. "
            "Resolve it (match the lines, post what the bank shows), or explain in writing why "
            "it stands."
        )
    return ""


def reconciliation_sign_off(
    *, reconciliation: Reconciliation, user: User, explanation: str = ""
) -> Reconciliation:
    """Sign the reconciliation as ``user`` and lock the period (see the module docstring)."""
    reconciler_check(user, doing="sign off reconciliations", refused=ReconciliationRefused)
    explanation = explanation.strip()
    if "\x00" in explanation or len(explanation) > EXPLANATION_MAX:
        raise ReconciliationRefused(
            f"Explain in at most {EXPLANATION_MAX:,} characters, without NUL."
        )
    with transaction.atomic():
        account = TrustAccount.objects.select_for_update().get(pk=reconciliation.account_id)
        locked = (
            Reconciliation.objects.select_for_update(of=("self",))
            .select_related("statement", "signed_by")
            .get(pk=reconciliation.pk)
        )
        if locked.signed:
            raise ReconciliationRefused(
                f"Already signed off by {locked.signed_by} on {locked.signed_at:%Y-%m-%d}."
            )
        if account.locked_through and locked.period_end <= account.locked_through:
            raise ReconciliationRefused(
                f"{account} is already reconciled and locked through "
                f"{account.locked_through:%Y-%m-%d}."
            )
        if locked.period_end > firm_today(now=timezone.now()):
            raise ReconciliationRefused(
                f"The period ends {locked.period_end:%Y-%m-%d}, in the future."
            )
        locked.account = account
        report = reconciliation_report(reconciliation=locked)
        refusal = _refusal(report, explanation)
        if refusal:
            raise ReconciliationRefused(refusal)
        Reconciliation.objects.filter(pk=locked.pk, signed_at__isnull=True).update(
            statement_balance=report.statement_balance,
            deposits_in_transit=report.deposits_in_transit,
            outstanding_withdrawals=report.outstanding_withdrawals,
            adjusted_bank_balance=report.adjusted_bank_balance,
            journal_balance=report.journal_balance,
            ledgers_balance=report.ledgers_balance,
            unmatched_entries=len(report.in_transit) + len(report.outstanding),
            unmatched_lines=len(report.unmatched_lines),
            explanation=explanation if report.bank_difference else "",
            signed_by=user,
            signed_at=timezone.now(),
        )
        account.locked_through = locked.period_end
        account.save(update_fields=["locked_through"])
    return Reconciliation.objects.select_related("account", "statement", "signed_by").get(
        pk=reconciliation.pk
    )
