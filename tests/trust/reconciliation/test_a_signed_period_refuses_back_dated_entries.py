from datetime import date
from decimal import Decimal

import pytest

from tests.billing.factories import MatterFactory
from tests.trust.reconciliation.helpers import NOV_30, deposit, statement_csv, upload
from trust.models import BankStatement, Reconciliation, ReconciliationSigned, TrustEntry
from trust.services.posting import TrustPeriodLocked
from trust.services.reconciliation import ReconciliationRefused, reconciliation_sign_off


@pytest.fixture
def signed(account, reconciler):
    matter = MatterFactory()
    deposit(account, matter, "400.00", on=date(2026, 11, 5))
    november = upload(account, reconciler, statement_csv("2026-11-06,Deposit,400.00,"),
                      closing="400.00")  # fmt: skip
    return reconciliation_sign_off(reconciliation=november.reconciliation, user=reconciler)


def test_signing_off_stores_the_figures_the_signer_and_locks_the_period(account, signed):
    account.refresh_from_db()

    assert account.locked_through == NOV_30
    assert signed.signed_by.username == "ada"
    assert (signed.statement_balance, signed.adjusted_bank_balance) == (
        Decimal("400.00"),
        Decimal("400.00"),
    )
    assert signed.journal_balance == signed.ledgers_balance == Decimal("400.00")
    assert (signed.unmatched_entries, signed.unmatched_lines) == (0, 0)


def test_a_back_dated_entry_is_refused_and_writes_nothing(account, signed):
    matter = signed.account.ledgers.get().matter
    before = TrustEntry.objects.count()

    with pytest.raises(TrustPeriodLocked, match="locked through 2026-11-30"):
        deposit(account, matter, "10.00", on=NOV_30)

    account.refresh_from_db()
    assert TrustEntry.objects.count() == before
    assert account.balance == Decimal("400.00")


def test_an_entry_after_the_lock_posts_as_usual(account, signed):
    matter = signed.account.ledgers.get().matter

    entry = deposit(account, matter, "10.00", on=date(2026, 12, 1))

    account.refresh_from_db()
    assert entry.balance_after == Decimal("410.00")
    assert account.balance == Decimal("410.00")


def test_a_signed_reconciliation_is_never_changed_or_signed_again(reconciler, signed):
    signed.explanation = "Rewritten afterwards"

    with pytest.raises(ReconciliationSigned):
        signed.save()
    with pytest.raises(ReconciliationSigned):
        signed.delete()
    with pytest.raises(ReconciliationRefused, match="Already signed off by ada"):
        reconciliation_sign_off(reconciliation=signed, user=reconciler)
    assert Reconciliation.objects.get().explanation == ""


def test_a_statement_for_the_locked_period_is_kept_as_rejected_and_imports_nothing(
    account, reconciler, signed
):
    again = upload(account, reconciler, statement_csv("2026-11-20,Deposit,5.00,"),
                   opening="400.00", closing="405.00", name="late.csv")  # fmt: skip

    assert again.reconciliation is None
    assert again.statement.status == BankStatement.Status.REJECTED
    assert "locked through 2026-11-30" in again.statement.rejections[0]["reason"]
    assert again.statement.lines.count() == 0
