"""Reads behind the trust pages: balances by matter, a matter's ledger, the journal, transfers.

Who sees what: ``trust.view_trust_ledger`` (billing staff, admins) sees every ledger and the
journal; an attorney (``trust.apply_trust_funds``) sees, read-only, the ledgers of the matters
they are the responsible or originating attorney of — the same matters whose invoices they see
(``billing.selectors.invoices_visible``) — and never the journal, which is every client's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import DecimalField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from billing.models import Matter
from trust.models import ZERO, MatterLedger, TrustAccount, TrustEntry, TrustTransfer

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

VIEW_LEDGER = "trust.view_trust_ledger"
APPLY_FUNDS = "trust.apply_trust_funds"
EXECUTE_TRANSFERS = "trust.reconcile_trust"
RECENTLY_EXECUTED = 25
CENT = Decimal("0.01")

Kind = TrustEntry.Kind


def user_sees_every_ledger(*, user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.has_perm(VIEW_LEDGER)


def user_may_view_ledgers(*, user: User | AnonymousUser) -> bool:
    """Trust staff, and attorneys (their own matters; ``matters_trust_visible`` limits them)."""
    return user.is_authenticated and (user.has_perm(VIEW_LEDGER) or user.has_perm(APPLY_FUNDS))


def matters_trust_visible(*, user: User | AnonymousUser) -> QuerySet[Matter]:
    """Matters whose trust ledgers ``user`` may read."""
    matters = Matter.objects.all()
    if user_sees_every_ledger(user=user):
        return matters
    if not user_may_view_ledgers(user=user):
        return matters.none()
    return matters.filter(
        Q(responsible_attorney__remit_user=user) | Q(originating_attorney__remit_user=user)
    )


def _money(expression: Sum | Subquery) -> Coalesce:
    return Coalesce(expression, ZERO, output_field=DecimalField(max_digits=14, decimal_places=2))


@dataclass
class AccountBalances:
    """One trust account on the balances page: its matters' ledgers and their totals.

    ``journal_balance`` is the account's own figure (every client's money); it is ``None`` for
    an attorney, who sees only their matters' part of it.
    """

    account: TrustAccount
    ledgers: list[MatterLedger] = field(default_factory=list)
    balance: Decimal = ZERO
    available: Decimal = ZERO
    journal_balance: Decimal | None = None

    @property
    def uncleared(self) -> Decimal:
        return self.balance - self.available

    @property
    def journal_difference(self) -> Decimal:
        return ZERO if self.journal_balance is None else self.journal_balance - self.balance


def trust_balances(
    *, user: User | AnonymousUser, differences_only: bool = False
) -> list[AccountBalances]:
    """Every visible matter ledger by account, with Remit's and Clio's figures (three queries
    whatever the number of matters).

    Each ledger carries ``matter_remit_balance`` (the matter's money across every trust account:
    Clio's ``clio_trust_balance`` is that sum too) and ``clio_difference`` (Clio − Remit).
    Totals count every visible ledger, also when ``differences_only`` hides some rows.
    """
    matters = matters_trust_visible(user=user)
    everything = user_sees_every_ledger(user=user)
    across_accounts = (
        MatterLedger.objects.filter(matter=OuterRef("matter"))
        .values("matter")
        .annotate(total=Sum("balance"))
        .values("total")
    )
    ledgers = (
        MatterLedger.objects.filter(matter__in=matters)
        .select_related("account", "matter", "matter__client", "matter__responsible_attorney")
        .annotate(matter_remit_balance=_money(Subquery(across_accounts)))
        .order_by("account_id", "matter__display_number", "pk")
    )
    accounts = TrustAccount.objects.order_by("-is_default", "name", "pk")
    if not everything:
        accounts = accounts.filter(ledgers__matter__in=matters).distinct()
    report = {account.pk: AccountBalances(account=account) for account in accounts}
    for account_id, balance, available in (
        MatterLedger.objects.filter(matter__in=matters)
        .order_by()
        .values("account_id")
        .annotate(balance=Sum("balance"), available=Sum("available"))
        .values_list("account_id", "balance", "available")
    ):
        report[account_id].balance, report[account_id].available = balance, available
    for ledger in ledgers:
        ledger.clio_difference = ledger.matter.clio_trust_balance - ledger.matter_remit_balance  # type: ignore[attr-defined]
        if differences_only and not ledger.clio_difference:  # type: ignore[attr-defined]
            continue
        report[ledger.account_id].ledgers.append(ledger)
    if everything:
        for item in report.values():
            item.journal_balance = item.account.balance
    return list(report.values())


@dataclass(frozen=True)
class EntryRow:
    """An entry as a ledger or the journal shows it: money in or out, and its cleared state."""

    entry: TrustEntry
    cleared_on: date | None
    uncleared: bool

    @property
    def money_in(self) -> Decimal | None:
        return self.entry.amount if self.entry.amount > 0 else None

    @property
    def money_out(self) -> Decimal | None:
        return -self.entry.amount if self.entry.amount < 0 else None

    @property
    def reversal(self) -> TrustEntry | None:
        """The entry reversing this one, if any."""
        return getattr(self.entry, "reversed_by", None)


def entry_row(entry: TrustEntry) -> EntryRow:
    """Needs ``cleared_by`` and ``reversed_by`` selected (``entries_for_display``)."""
    cleared_on: date | None = None
    uncleared = False
    if entry.kind in (Kind.DEPOSIT, Kind.OPENING):
        clearance = getattr(entry, "cleared_by", None)
        if entry.available_change == entry.amount:
            cleared_on = entry.effective_date
        elif clearance is not None:
            cleared_on = clearance.effective_date
        else:
            uncleared = True
    return EntryRow(entry=entry, cleared_on=cleared_on, uncleared=uncleared)


def entries_for_display(entries: QuerySet[TrustEntry]) -> QuerySet[TrustEntry]:
    return entries.select_related(
        "account",
        "matter",
        "posted_by",
        "invoice",
        "reverses",
        "clears",
        "cleared_by",
        "reversed_by",
    )


@dataclass(frozen=True)
class LedgerView:
    ledger: MatterLedger
    rows: list[EntryRow]


@dataclass(frozen=True)
class MatterTrust:
    matter: Matter
    ledgers: list[LedgerView]

    @property
    def balance(self) -> Decimal:
        return sum((view.ledger.balance for view in self.ledgers), ZERO)

    @property
    def available(self) -> Decimal:
        return sum((view.ledger.available for view in self.ledgers), ZERO)

    @property
    def uncleared(self) -> Decimal:
        return self.balance - self.available

    @property
    def clio_difference(self) -> Decimal:
        return self.matter.clio_trust_balance - self.balance


def matter_trust_ledger(*, user: User | AnonymousUser, matter_id: int) -> MatterTrust:
    """A matter's ledgers (one per trust account it has money in), every entry in posting
    order; ``Matter.DoesNotExist`` when ``user`` may not see the matter."""
    matter = (
        matters_trust_visible(user=user)
        .select_related("client", "responsible_attorney", "originating_attorney")
        .get(pk=matter_id)
    )
    ledgers = list(
        MatterLedger.objects.filter(matter=matter)
        .select_related("account")
        .order_by("-account__is_default", "account__name", "pk")
    )
    entries = entries_for_display(TrustEntry.objects.filter(ledger__in=ledgers)).order_by(
        "ledger_id", "sequence"
    )
    by_ledger: dict[int, list[EntryRow]] = {ledger.pk: [] for ledger in ledgers}
    for entry in entries:
        by_ledger[entry.ledger_id].append(entry_row(entry))
    return MatterTrust(
        matter=matter,
        ledgers=[LedgerView(ledger=ledger, rows=by_ledger[ledger.pk]) for ledger in ledgers],
    )


def trust_accounts() -> QuerySet[TrustAccount]:
    return TrustAccount.objects.order_by("-is_default", "name", "pk")


def trust_journal(
    *, account: TrustAccount, date_from: date | None = None, date_to: date | None = None
) -> QuerySet[TrustEntry]:
    """The account's entries in sequence order, optionally those effective in a date range.

    Each carries ``journal_balance_after``: the account's balance after it, summed over every
    earlier entry (not only the ones the range shows).
    """
    up_to = (
        TrustEntry.objects.filter(account=account, sequence__lte=OuterRef("sequence"))
        .order_by()
        .values("account")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    entries = TrustEntry.objects.filter(account=account)
    if date_from is not None:
        entries = entries.filter(effective_date__gte=date_from)
    if date_to is not None:
        entries = entries.filter(effective_date__lte=date_to)
    return (
        entries_for_display(entries)
        .select_related("matter__client")
        .annotate(journal_balance_after=_money(Subquery(up_to)))
        .order_by("sequence")
    )


def journal_row(entry: TrustEntry) -> tuple[EntryRow, Decimal]:
    """An entry of ``trust_journal`` and the account's balance after it."""
    # SQLite sums decimals without their scale: 1600, not 1600.00.
    after = Decimal(entry.journal_balance_after).quantize(CENT)  # type: ignore[attr-defined]
    return entry_row(entry), after


def trust_transfers_awaiting() -> QuerySet[TrustTransfer]:
    """Earned-fee withdrawals still to be made at the bank, oldest first."""
    return _transfers().filter(executed_at__isnull=True).order_by("created_at", "pk")


def trust_transfers_executed(*, limit: int = RECENTLY_EXECUTED) -> list[TrustTransfer]:
    """The latest executed transfers, each with ``confirmed_at``: when someone confirmed it
    (``executed_at`` is the day the bank executed it)."""
    confirmed = (
        TrustTransfer.history.filter(id=OuterRef("pk"), executed_at__isnull=False)
        .order_by("history_date")
        .values("history_date")[:1]
    )
    executed = (
        _transfers()
        .filter(executed_at__isnull=False)
        .annotate(confirmed_at=Subquery(confirmed))
        .order_by("-executed_at", "-pk")
    )
    return list(executed[:limit])


def _transfers() -> QuerySet[TrustTransfer]:
    return TrustTransfer.objects.select_related(
        "executed_by",
        "entry",
        "entry__account",
        "entry__matter",
        "entry__matter__client",
        "entry__invoice",
        "entry__posted_by",
        "entry__reversed_by",
        "entry__application",
        "entry__application__decided_by",
    )
