"""Remit's trust balances beside Clio's (PRODUCT.md §4: compared, never overwritten).

Per trust account linked to a Clio bank account: each matter's ledger balance against the
matter's ``account_balances`` figure for that bank account (Remit's copy of Clio's matter), and
the account's journal total against Clio's ``balance`` of the bank account. Clio's figure lags
Remit's while a mirrored entry is still on its way through the outbox (the adapter refreshes
the copy once Clio has it), so such a matter is *pending*, not a difference. A difference equal
to the entries Clio refused, which a person has to enter by hand, is *explained by manual
steps*. A matter Clio holds trust money for and Remit has no ledger for yet is *awaiting its
opening balance* (``trust/services/openings.py`` posts it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import Enum

from billing.models import BankAccount, Matter
from integrations.outbox.record import outbox_messages_dead, outbox_recorded
from trust.models import ZERO, MatterLedger, TrustAccount, TrustClioRecord, TrustEntry
from trust.models.clio_records import CLIO_MIRROR_KIND, CLIO_MIRRORED_KINDS


class CheckState(Enum):
    AGREES = "agrees"
    DIFFERS = "differs"
    PENDING = "pending"
    MANUAL = "manual"
    OPENING = "opening"


@dataclass(frozen=True)
class MatterCheck:
    matter: Matter
    remit: Decimal | None  # None: no ledger in this account yet
    clio: Decimal | None  # None: Clio shows no balance in this account for the matter
    state: CheckState
    pending: list[TrustEntry] = field(default_factory=list)
    failed: list[TrustEntry] = field(default_factory=list)  # their Clio call died
    manual: list[TrustClioRecord] = field(default_factory=list)

    @property
    def difference(self) -> Decimal:
        """Remit minus Clio, to the cent (positive: Remit holds more)."""
        return (self.remit or ZERO) - (self.clio or ZERO)


@dataclass(frozen=True)
class AccountCheck:
    account: TrustAccount
    bank: BankAccount
    remit_total: Decimal
    clio_total: Decimal
    state: CheckState
    matters: list[MatterCheck]

    @property
    def difference(self) -> Decimal:
        return self.remit_total - self.clio_total

    def of_state(self, state: CheckState) -> list[MatterCheck]:
        return [m for m in self.matters if m.state is state]

    @property
    def differences(self) -> list[MatterCheck]:
        return self.of_state(CheckState.DIFFERS)


def clio_trust_figure(*, matter: Matter, bank_clio_id: int) -> Decimal | None:
    """The matter's balance in Clio's bank account ``bank_clio_id`` (its ``account_balances``)."""
    for balance in matter.account_balances or []:
        if not isinstance(balance, dict):
            continue
        try:
            same = int(balance.get("id") or 0) == bank_clio_id
            figure = Decimal(str(balance.get("balance")))
        except (TypeError, ValueError, InvalidOperation):
            continue
        if same and str(balance.get("type") or "").lower().startswith("trust"):
            return figure.quantize(Decimal("0.01"))
    return None


def matters_awaiting_opening(*, account: TrustAccount) -> list[tuple[Matter, Decimal]]:
    """Matters Clio shows trust money for in ``account``'s bank account and Remit has no ledger
    for, with Clio's figure."""
    bank = account.clio_bank_account
    if bank is None:
        return []
    candidates = (
        Matter.objects.filter(deleted_at__isnull=True)
        .exclude(clio_trust_balance=0)
        .exclude(trust_ledgers__account=account)
        .select_related("client")
        .order_by("display_number", "pk")
    )
    found = []
    for matter in candidates:
        figure = clio_trust_figure(matter=matter, bank_clio_id=bank.clio_id)
        if figure is not None and figure != 0:
            found.append((matter, figure))
    return found


def _in_flight(entries: Iterable[TrustEntry]) -> tuple[list[TrustEntry], list[TrustEntry]]:
    """Of mirrored entries Clio has no record of yet: those whose outbox message is still on
    its way, and those whose message died (an admin replays it from integration health)."""
    pending: list[TrustEntry] = []
    failed: list[TrustEntry] = []
    for entry in entries:
        key = f"{CLIO_MIRROR_KIND}:{entry.pk}"
        if not outbox_recorded(dedupe_key=key):
            continue
        dead = outbox_messages_dead(aggregate=f"matter:{entry.matter_id}")
        (failed if dead.filter(dedupe_key=key).exists() else pending).append(entry)
    return pending, failed


def _matter_check(
    matter: Matter,
    ledger: MatterLedger | None,
    clio: Decimal | None,
    unrecorded: list[TrustEntry],
    manual: list[TrustClioRecord],
) -> MatterCheck:
    remit = ledger.balance if ledger is not None else None
    difference = (remit or ZERO) - (clio or ZERO)
    pending, failed = _in_flight(unrecorded)
    state = CheckState.DIFFERS
    if difference == 0:
        state = CheckState.AGREES
    elif ledger is None and clio is not None and clio > 0:
        state = CheckState.OPENING
    elif pending:
        state = CheckState.PENDING
    elif manual and difference == sum((r.entry.amount for r in manual), ZERO):
        state = CheckState.MANUAL
    return MatterCheck(
        matter=matter,
        remit=remit,
        clio=clio,
        state=state,
        pending=pending,
        failed=failed,
        manual=manual,
    )


def trust_account_check(*, account: TrustAccount) -> AccountCheck | None:
    """The cross-check of one account; ``None`` when it is not linked to a Clio bank account."""
    bank = account.clio_bank_account
    if bank is None:
        return None
    ledgers = {
        ledger.matter_id: ledger
        for ledger in MatterLedger.objects.filter(account=account).select_related("matter")
    }
    matters = {ledger.matter_id: ledger.matter for ledger in ledgers.values()}
    for matter in Matter.objects.filter(deleted_at__isnull=True).exclude(clio_trust_balance=0):
        matters.setdefault(matter.pk, matter)
    unrecorded: dict[int, list[TrustEntry]] = {}
    for entry in TrustEntry.objects.filter(
        account=account, kind__in=CLIO_MIRRORED_KINDS, clio_record__isnull=True
    ).order_by("sequence"):
        unrecorded.setdefault(entry.matter_id, []).append(entry)
    manual: dict[int, list[TrustClioRecord]] = {}
    for record in TrustClioRecord.objects.filter(
        entry__account=account, status=TrustClioRecord.Status.MANUAL
    ).select_related("entry"):
        manual.setdefault(record.entry.matter_id, []).append(record)
    checks = []
    for matter_id, matter in matters.items():
        clio = clio_trust_figure(matter=matter, bank_clio_id=bank.clio_id)
        ledger = ledgers.get(matter_id)
        if ledger is None and clio is None:
            continue
        checks.append(
            _matter_check(
                matter, ledger, clio, unrecorded.get(matter_id, []), manual.get(matter_id, [])
            )
        )
    checks.sort(key=lambda c: (c.matter.display_number, c.matter.pk))
    remit_total = account.balance
    clio_total = Decimal(bank.balance).quantize(Decimal("0.01"))
    state = CheckState.AGREES
    if remit_total != clio_total:
        waiting = [c for c in checks if c.state in (CheckState.PENDING, CheckState.OPENING)]
        steps = sum((r.entry.amount for c in checks for r in c.manual), ZERO)
        if waiting:
            state = CheckState.PENDING
        elif steps and remit_total - clio_total == steps:
            state = CheckState.MANUAL
        else:
            state = CheckState.DIFFERS
    return AccountCheck(
        account=account,
        bank=bank,
        remit_total=remit_total,
        clio_total=clio_total,
        state=state,
        matters=checks,
    )


def trust_crosscheck(*, accounts: Iterable[TrustAccount] | None = None) -> list[AccountCheck]:
    """Every linked trust account's cross-check (a read: nothing is posted or opened)."""
    chosen = (
        accounts
        if accounts is not None
        else TrustAccount.objects.filter(clio_bank_account__isnull=False)
        .select_related("clio_bank_account")
        .order_by("pk")
    )
    return [check for a in chosen if (check := trust_account_check(account=a)) is not None]
