"""Matching bank statement lines to the ledger entries that moved the same money.

Entries that reach the bank (``BANK_KINDS``) are deposits, refunds, withdrawals and reversals. A
line matches an entry of its
account with the same signed amount; automatically only within ``DATE_WINDOW`` of the entry's
date, the entry whose reference the line carries first, then the nearest date, then the
earliest posted. An entry matches at most one line (``StatementLine.entry`` is one-to-one).

Every change takes the trust account's row lock, as posting and sign-off do, and a line dated
in a signed-off period is never matched or unmatched again: the signed figures stay true. A
matched withdrawal confirms its bank transfer (``trust_transfer_execute``); unmatching the line
takes that confirmation back.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from trust.models import BANK_KINDS, BankStatement, StatementLine, TrustAccount, TrustEntry
from trust.services.transfers import TrustTransferRefused, trust_transfer_execute

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from trust.models import TrustTransfer

Kind = TrustEntry.Kind
DATE_WINDOW = timedelta(days=5)
RECONCILE_PERMISSION = "trust.reconcile_trust"


class MatchRefused(Exception):
    """The match or unmatch is refused; nothing changed. The message says why."""


def reconciler_check(user: User, *, doing: str, refused: type[Exception] = MatchRefused) -> None:
    """``refused`` naming what ``user`` may not do unless they hold ``trust.reconcile_trust``."""
    if not user.has_perm(RECONCILE_PERMISSION):
        raise refused(
            f"{user.get_username()} may not {doing}: it needs the “reconcile trust” permission."
        )


def _transfer(entry: TrustEntry) -> TrustTransfer | None:
    return getattr(entry, "transfer", None) if entry.kind == Kind.WITHDRAWAL else None


def _references(entry: TrustEntry) -> set[str]:
    transfer = _transfer(entry)
    found = {entry.source_ref, transfer.bank_reference if transfer else ""}
    return {reference for reference in found if reference}


def _transfer_confirm(line: StatementLine, entry: TrustEntry, user: User) -> bool:
    """Whether the line confirmed the entry's transfer (it was not executed yet)."""
    transfer = _transfer(entry)
    if transfer is None or transfer.executed_at is not None:
        return False
    reference = line.reference or f"Statement line {line.posted_on:%Y-%m-%d} #{line.pk}"
    try:
        trust_transfer_execute(
            transfer=transfer,
            user=user,
            bank_reference=reference,
            executed_on=max(line.posted_on, entry.effective_date),
        )
    except TrustTransferRefused:
        # A reversed withdrawal: the line still matches, nothing is confirmed.
        return False
    return True


def _account_locked(account_id: int) -> TrustAccount:
    return TrustAccount.objects.select_for_update().get(pk=account_id)


def _locked_period_check(account: TrustAccount, line: StatementLine) -> None:
    if account.locked_through and line.posted_on <= account.locked_through:
        raise MatchRefused(
            f"The line of {line.posted_on:%Y-%m-%d} is in the period reconciled and locked "
            f"through {account.locked_through:%Y-%m-%d}; its match is part of the signed "
            "figures."
        )


def _best(line: StatementLine, candidates: list[TrustEntry]) -> TrustEntry | None:
    near = [e for e in candidates if abs(e.effective_date - line.posted_on) <= DATE_WINDOW]
    if not near:
        return None
    return min(
        near,
        key=lambda e: (
            line.reference not in _references(e) if line.reference else True,
            abs(e.effective_date - line.posted_on),
            e.sequence,
        ),
    )


def statement_lines_match(*, statement: BankStatement, user: User) -> int:
    """Match the statement's unmatched lines automatically; returns how many matched."""
    reconciler_check(user, doing="match statement lines")
    with transaction.atomic():
        account = _account_locked(statement.account_id)
        lines = list(statement.lines.filter(entry__isnull=True).order_by("posted_on", "row_number"))
        if account.locked_through:
            lines = [line for line in lines if line.posted_on > account.locked_through]
        if not lines:
            return 0
        dates = [line.posted_on for line in lines]
        by_amount: defaultdict[Decimal, list[TrustEntry]] = defaultdict(list)
        candidates = (
            TrustEntry.objects.filter(
                account=account,
                kind__in=BANK_KINDS,
                statement_line__isnull=True,
                amount__in={line.amount for line in lines},
                effective_date__gte=min(dates) - DATE_WINDOW,
                effective_date__lte=max(dates) + DATE_WINDOW,
            )
            .select_related("transfer")
            .order_by("sequence")
        )
        for entry in candidates:
            by_amount[entry.amount].append(entry)
        now, matched = timezone.now(), []
        for line in lines:
            best = _best(line, by_amount[line.amount])
            if best is None:
                continue
            by_amount[line.amount].remove(best)
            line.entry, line.matched_by, line.matched_at = best, user, now
            line.matched_automatically = True
            matched.append((line, best))
        bulk_update_with_history(
            [line for line, _ in matched],
            StatementLine,
            ["entry", "matched_by", "matched_at", "matched_automatically"],
            default_user=user,
            default_change_reason="Matched automatically",
        )
        confirming = [line for line, entry in matched if _transfer_confirm(line, entry, user)]
        for line in confirming:
            line.confirmed_transfer = True
        bulk_update_with_history(
            confirming, StatementLine, ["confirmed_transfer"], default_user=user
        )
    return len(matched)


def statement_line_match(*, line: StatementLine, entry: TrustEntry, user: User) -> StatementLine:
    """Match ``line`` to ``entry`` by hand (any date apart: a check cashed weeks later)."""
    reconciler_check(user, doing="match statement lines")
    with transaction.atomic():
        account = _account_locked(line.account_id)
        line = StatementLine.objects.select_for_update().get(pk=line.pk)
        entry = TrustEntry.objects.select_related("transfer").get(pk=entry.pk)
        _locked_period_check(account, line)
        if line.entry_id is not None:
            raise MatchRefused("This line is already matched; unmatch it first.")
        if StatementLine.objects.filter(entry=entry).exists():
            raise MatchRefused(f"Entry {entry.sequence} is already matched to another line.")
        if entry.account_id != account.pk or entry.kind not in BANK_KINDS:
            raise MatchRefused(
                f"Entry {entry.sequence} is not money in or out of {account} "
                "(a deposit, refund, withdrawal or reversal)."
            )
        if entry.amount != line.amount:
            raise MatchRefused(
                f"The line moves ${line.amount:,} and entry {entry.sequence} ${entry.amount:,}; "
                "a match is the same money."
            )
        line.entry, line.matched_by, line.matched_at = entry, user, timezone.now()
        line.matched_automatically = False
        line.confirmed_transfer = _transfer_confirm(line, entry, user)
        line._history_user = user  # type: ignore[attr-defined]
        line.save()
    return line


def statement_line_unmatch(*, line: StatementLine, user: User) -> StatementLine:
    """Undo a line's match (and the transfer confirmation it made)."""
    reconciler_check(user, doing="match statement lines")
    with transaction.atomic():
        account = _account_locked(line.account_id)
        line = (
            StatementLine.objects.select_for_update(of=("self",))
            .select_related("entry__transfer")
            .get(pk=line.pk)
        )
        _locked_period_check(account, line)
        if line.entry is None:
            return line
        transfer = _transfer(line.entry)
        if line.confirmed_transfer and transfer is not None:
            transfer.executed_at, transfer.executed_by, transfer.bank_reference = None, None, ""
            transfer._history_user = user  # type: ignore[attr-defined]
            transfer._change_reason = "Statement line unmatched"  # type: ignore[attr-defined]
            transfer.save(update_fields=["executed_at", "executed_by", "bank_reference"])
        line.entry, line.matched_by, line.matched_at = None, None, None
        line.matched_automatically = line.confirmed_transfer = False
        line._history_user = user  # type: ignore[attr-defined]
        line.save()
    return line
