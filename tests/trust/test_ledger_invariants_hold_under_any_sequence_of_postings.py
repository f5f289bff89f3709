"""A Hypothesis state machine over deposits, clearances, withdrawals, refunds and reversals
against a model of what each matter holds: whatever the sequence, no matter goes below zero,
the journal equals the sum of the matter ledgers, and every reversal nets to zero."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    precondition,
    rule,
)

from tests.billing.factories import InvoiceFactory, MatterFactory
from tests.trust.factories import trust_account_make
from trust.models import MatterLedger, TrustAccount, TrustEntry
from trust.money import money_sum
from trust.services.posting import (
    InsufficientTrustFunds,
    TrustPostingRefused,
    trust_deposit_clear,
    trust_deposit_post,
    trust_entry_reverse,
    trust_refund_post,
    trust_withdrawal_post,
)

DAY = date(2026, 11, 2)
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000.00"), places=2)
Kind = TrustEntry.Kind


class TrustLedgerMachine(RuleBasedStateMachine):
    pending = Bundle("pending")  # uncleared deposits
    reversible = Bundle("reversible")

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.account: TrustAccount = trust_account_make()
        self.matters = [MatterFactory() for _ in range(2)]
        self.invoices = [
            InvoiceFactory(matter=m, total=Decimal("1000000.00")) for m in self.matters
        ]
        # The model: (balance, available) per matter index.
        self.model = {i: [Decimal("0.00"), Decimal("0.00")] for i in range(len(self.matters))}
        self.uncleared: dict[int, Decimal] = {}  # entry id → its uncleared amount
        self.reversed: set[int] = set()

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    @initialize()
    def start(self) -> None:
        pass

    def _index(self, entry: TrustEntry) -> int:
        return next(i for i, m in enumerate(self.matters) if m.pk == entry.matter_id)

    @rule(target=reversible, matter=st.integers(0, 1), amount=amounts, cleared=st.booleans())
    def deposit(self, matter: int, amount: Decimal, cleared: bool) -> TrustEntry:
        entry = trust_deposit_post(
            account=self.account,
            matter=self.matters[matter],
            amount=amount,
            effective_date=DAY,
            source=TrustEntry.Source.USER,
            cleared=cleared,
        )
        self.model[matter][0] += amount
        if cleared:
            self.model[matter][1] += amount
        else:
            self.uncleared[entry.pk] = amount
        return entry

    @precondition(lambda self: self.uncleared)
    @rule(data=st.data())
    def clear(self, data: st.DataObject) -> None:
        entry_id = data.draw(st.sampled_from(sorted(self.uncleared)))
        entry = TrustEntry.objects.get(pk=entry_id)
        trust_deposit_clear(entry=entry, cleared_on=DAY + timedelta(days=2), source="user")
        self.model[self._index(entry)][1] += self.uncleared.pop(entry_id)

    @rule(target=reversible, matter=st.integers(0, 1), amount=amounts, refund=st.booleans())
    def take_out(self, matter: int, amount: Decimal, refund: bool) -> TrustEntry | None:
        balance, available = self.model[matter]
        try:
            if refund:
                entry = trust_refund_post(
                    account=self.account,
                    matter=self.matters[matter],
                    amount=amount,
                    effective_date=DAY,
                )
            else:
                entry = trust_withdrawal_post(
                    account=self.account,
                    invoice=self.invoices[matter],
                    amount=amount,
                    effective_date=DAY,
                )
        except InsufficientTrustFunds:
            assert amount > available, "refused although the cleared funds covered it"
            return None
        assert amount <= available, "posted beyond the cleared funds"
        self.model[matter] = [balance - amount, available - amount]
        return entry

    @rule(entry=consumes(reversible))
    def reverse(self, entry: TrustEntry | None) -> None:
        if entry is None or entry.pk in self.reversed:
            return
        entry.refresh_from_db()
        i = self._index(entry)
        uncleared = self.uncleared.get(entry.pk, Decimal("0.00"))
        cleared_part = entry.amount - uncleared if entry.kind == Kind.DEPOSIT else entry.amount
        balance, available = self.model[i]
        try:
            trust_entry_reverse(entry=entry, effective_date=DAY, reason="test")
        except InsufficientTrustFunds:
            assert cleared_part > available
            return
        except TrustPostingRefused:
            raise
        self.reversed.add(entry.pk)
        self.uncleared.pop(entry.pk, None)
        self.model[i] = [balance - entry.amount, available - cleared_part]

    @invariant()
    def no_matter_below_zero_and_the_model_agrees(self) -> None:
        for i, matter in enumerate(self.matters):
            ledger = MatterLedger.objects.filter(account=self.account, matter=matter).first()
            balance, available = (ledger.balance, ledger.available) if ledger else (0, 0)
            assert 0 <= available <= balance
            assert [balance, available] == self.model[i]

    @invariant()
    def the_journal_equals_the_sum_of_the_matter_ledgers(self) -> None:
        entries = TrustEntry.objects.filter(account=self.account)
        journal = money_sum(entries, "amount")
        ledgers = money_sum(MatterLedger.objects.filter(account=self.account), "balance")
        self.account.refresh_from_db()
        assert journal == ledgers == self.account.balance
        for ledger in MatterLedger.objects.filter(account=self.account):
            last = entries.filter(ledger=ledger).order_by("-sequence").first()
            assert last is None or (last.balance_after, last.available_after) == (
                ledger.balance,
                ledger.available,
            )
        sequences = list(entries.order_by("sequence").values_list("sequence", flat=True))
        assert sequences == list(range(1, len(sequences) + 1))  # gapless

    @invariant()
    def every_reversal_nets_to_zero(self) -> None:
        for reversal in TrustEntry.objects.filter(account=self.account, kind=Kind.REVERSAL):
            original = reversal.reverses
            clearance = TrustEntry.objects.filter(clears=original).first()
            assert reversal.amount + original.amount == 0
            cleared = clearance.available_change if clearance else 0
            assert reversal.available_change + original.available_change + cleared == 0


TrustLedgerMachine.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.mark.django_db
def test_the_ledger_invariants_hold(rules):
    TrustLedgerMachine.TestCase().runTest()
