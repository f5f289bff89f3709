"""The one way money enters or leaves a matter's trust ledger.

Every posting runs in one transaction that locks, in this order, the trust account row and then
the matter's ledger row (``SELECT … FOR UPDATE``; on SQLite every transaction takes the write
lock up front), so concurrent postings on one account queue instead of reading stale figures
and no two postings can deadlock on each other. Under the locks it checks the reconciled
(locked) period, the matter's cleared funds and the entry's shape, then writes the entry with
the figures after it; the database's check constraints (``trust/models/ledger.py``) back every
check, so a bug here ends in an ``IntegrityError``, never in a negative balance.

Posting is idempotent per source: an entry for the same ``(source, source_ref, kind)`` is
returned, not posted again, so a re-delivered LawPay event or a retried task is harmless.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from billing.models import Invoice, Matter
from trust.models import ZERO, MatterLedger, TrustAccount, TrustEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Far above any client's trust money; an amount beyond it is a typo or an attack (§5 bad input).
AMOUNT_MAX = Decimal("100000000.00")
CENT = Decimal("0.01")

Kind = TrustEntry.Kind
Source = TrustEntry.Source


class TrustPostingRefused(Exception):
    """The posting would break a trust rule; nothing was written. The message says why."""


class InsufficientTrustFunds(TrustPostingRefused):
    pass


class TrustPeriodLocked(TrustPostingRefused):
    pass


def trust_amount_clean(value: object) -> Decimal:
    """A positive amount of whole cents, or ``TrustPostingRefused`` saying what is wrong."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError) as error:
        raise TrustPostingRefused(f"{value!r} is not an amount.") from error
    if not amount.is_finite():
        raise TrustPostingRefused(f"{value!r} is not an amount.")
    if amount != amount.quantize(CENT):
        raise TrustPostingRefused(f"${amount} has fractions of a cent.")
    if amount <= 0:
        raise TrustPostingRefused(f"The amount must be positive (got ${amount}).")
    if amount > AMOUNT_MAX:
        raise TrustPostingRefused(f"${amount:,} is beyond any plausible trust amount.")
    return amount.quantize(CENT)


@dataclass(frozen=True)
class Posting:
    kind: str
    amount: Decimal  # signed effect on the balance
    available_change: Decimal  # signed effect on the cleared funds
    effective_date: date
    source: str
    source_ref: str = ""
    memo: str = ""
    invoice_id: int | None = None
    reverses_id: int | None = None
    clears_id: int | None = None


def _ledger_locked(account: TrustAccount, matter_id: int) -> MatterLedger:
    ledger = MatterLedger.objects.select_for_update().filter(account=account, matter_id=matter_id)
    found = ledger.first()
    if found is not None:
        return found
    # The account lock is held, so no other posting creates this ledger meanwhile.
    return MatterLedger.objects.create(account=account, matter_id=matter_id)


def _existing(posting: Posting) -> TrustEntry | None:
    if not posting.source_ref:
        return None
    return TrustEntry.objects.filter(
        source=posting.source, source_ref=posting.source_ref, kind=posting.kind
    ).first()


def _post(*, account_id: int, matter_id: int, posting: Posting, user: User | None) -> TrustEntry:
    with transaction.atomic():
        account = TrustAccount.objects.select_for_update().get(pk=account_id)
        existing = _existing(posting)
        if existing is not None:
            return existing
        if account.locked_through and posting.effective_date <= account.locked_through:
            raise TrustPeriodLocked(
                f"{account} is reconciled and locked through {account.locked_through:%Y-%m-%d}; "
                f"an entry dated {posting.effective_date:%Y-%m-%d} would change a signed-off "
                "period. Date it after the lock, or record it in the next period."
            )
        ledger = _ledger_locked(account, matter_id)
        balance = ledger.balance + posting.amount
        available = ledger.available + posting.available_change
        if available < 0 or balance < 0:
            raise InsufficientTrustFunds(
                f"Matter {ledger.matter} has ${ledger.available:,} of cleared trust funds "
                f"(${ledger.balance:,} in all); this entry needs "
                f"${-posting.available_change:,}. A matter's trust balance never goes below "
                "zero: another client's money would pay for it."
            )
        account.entries_count += 1
        entry = TrustEntry.objects.create(
            account=account,
            ledger=ledger,
            matter_id=matter_id,
            sequence=account.entries_count,
            kind=posting.kind,
            amount=posting.amount,
            available_change=posting.available_change,
            effective_date=posting.effective_date,
            source=posting.source,
            source_ref=posting.source_ref,
            memo=posting.memo[:500],
            invoice_id=posting.invoice_id,
            reverses_id=posting.reverses_id,
            clears_id=posting.clears_id,
            balance_after=balance,
            available_after=available,
            posted_by=user,
        )
        ledger.balance, ledger.available = balance, available
        ledger.entries_count += 1
        ledger.save(update_fields=["balance", "available", "entries_count"])
        account.balance += posting.amount
        account.save(update_fields=["balance", "entries_count"])
    return entry


def trust_post(
    *, account_id: int, matter_id: int, posting: Posting, user: User | None = None
) -> TrustEntry:
    """Post one entry (see the module docstring); ``TrustPostingRefused`` when a rule forbids it.

    A concurrent identical posting (same source reference) that wins the race is returned.
    """
    try:
        return _post(account_id=account_id, matter_id=matter_id, posting=posting, user=user)
    except IntegrityError:
        existing = _existing(posting)
        if existing is None:
            raise
        return existing


def trust_deposit_post(
    *,
    account: TrustAccount,
    matter: Matter,
    amount: object,
    effective_date: date,
    source: str,
    source_ref: str = "",
    cleared: bool = True,
    memo: str = "",
    user: User | None = None,
    kind: str = Kind.DEPOSIT,
) -> TrustEntry:
    """Money into the matter's trust; uncleared (``cleared=False``, e.g. an eCheck) it counts in
    the balance but cannot be applied until ``trust_deposit_clear``."""
    value = trust_amount_clean(amount)
    posting = Posting(
        kind=kind,
        amount=value,
        available_change=value if cleared else ZERO,
        effective_date=effective_date,
        source=source,
        source_ref=source_ref,
        memo=memo,
    )
    return trust_post(account_id=account.pk, matter_id=matter.pk, posting=posting, user=user)


def trust_deposit_clear(
    *,
    entry: TrustEntry,
    cleared_on: date,
    source: str,
    source_ref: str = "",
    user: User | None = None,
) -> TrustEntry:
    """The deposit's funds arrived (LawPay settled it, or the statement shows it): available."""
    with transaction.atomic():
        # Checked under the account lock, so a concurrent reversal cannot slip in between.
        TrustAccount.objects.select_for_update().get(pk=entry.account_id)
        uncleared = entry.amount - entry.available_change
        if entry.kind not in (Kind.DEPOSIT, Kind.OPENING) or uncleared <= 0:
            raise TrustPostingRefused(f"Entry {entry.pk} is not an uncleared deposit.")
        existing = TrustEntry.objects.filter(clears=entry).first()
        if existing is not None:
            return existing
        if TrustEntry.objects.filter(reverses=entry).exists():
            raise TrustPostingRefused(f"Deposit {entry.pk} was reversed; it cannot clear.")
        posting = Posting(
            kind=Kind.CLEARANCE,
            amount=ZERO,
            available_change=uncleared,
            effective_date=cleared_on,
            source=source,
            source_ref=source_ref or f"clears:{entry.pk}",
            memo=f"Deposit of {entry.effective_date:%Y-%m-%d} cleared",
            clears_id=entry.pk,
        )
        return trust_post(
            account_id=entry.account_id, matter_id=entry.matter_id, posting=posting, user=user
        )


def trust_withdrawal_post(
    *,
    account: TrustAccount,
    invoice: Invoice,
    amount: object,
    effective_date: date,
    user: User | None = None,
    memo: str = "",
) -> TrustEntry:
    """Earned fees: trust → operating for ``invoice``, from cleared funds only."""
    value = trust_amount_clean(amount)
    posting = Posting(
        kind=Kind.WITHDRAWAL,
        amount=-value,
        available_change=-value,
        effective_date=effective_date,
        source=Source.INVOICE,
        memo=memo or f"Earned fees for invoice {invoice}",
        invoice_id=invoice.pk,
    )
    return trust_post(
        account_id=account.pk, matter_id=invoice.matter_id, posting=posting, user=user
    )


def trust_refund_post(
    *,
    account: TrustAccount,
    matter: Matter,
    amount: object,
    effective_date: date,
    user: User | None = None,
    source: str = Source.USER,
    source_ref: str = "",
    memo: str = "",
) -> TrustEntry:
    """Unearned money back to the client, from cleared funds only."""
    value = trust_amount_clean(amount)
    posting = Posting(
        kind=Kind.REFUND,
        amount=-value,
        available_change=-value,
        effective_date=effective_date,
        source=source,
        source_ref=source_ref,
        memo=memo or "Refund to client",
    )
    return trust_post(account_id=account.pk, matter_id=matter.pk, posting=posting, user=user)


def trust_entry_reverse(
    *,
    entry: TrustEntry,
    effective_date: date,
    reason: str,
    user: User | None = None,
    source: str = Source.USER,
    source_ref: str = "",
) -> TrustEntry:
    """Undo ``entry`` by a new entry of the opposite effect (never by editing it).

    A deposit's reversal also takes back its clearance (a returned eCheck or a chargeback):
    refused, like any posting, when the matter's cleared funds no longer cover it.
    """
    if entry.kind in (Kind.REVERSAL, Kind.CLEARANCE):
        raise TrustPostingRefused(
            f"A {entry.get_kind_display().lower()} cannot be reversed; reverse the entry it "
            "concerns."
        )
    if not reason.strip():
        raise TrustPostingRefused("Say why the entry is reversed.")
    with transaction.atomic():
        # Checked under the account lock, so a concurrent clearance cannot slip in between.
        TrustAccount.objects.select_for_update().get(pk=entry.account_id)
        existing = TrustEntry.objects.filter(reverses=entry).first()
        if existing is not None:
            return existing
        clearance = TrustEntry.objects.filter(clears=entry).first()
        available = entry.available_change + (clearance.available_change if clearance else ZERO)
        posting = Posting(
            kind=Kind.REVERSAL,
            amount=-entry.amount,
            available_change=-available,
            effective_date=effective_date,
            source=source,
            source_ref=source_ref or f"reverses:{entry.pk}",
            memo=f"Reversal of entry {entry.sequence}: {reason.strip()}"[:500],
            invoice_id=entry.invoice_id,
            reverses_id=entry.pk,
        )
        return trust_post(
            account_id=entry.account_id, matter_id=entry.matter_id, posting=posting, user=user
        )
