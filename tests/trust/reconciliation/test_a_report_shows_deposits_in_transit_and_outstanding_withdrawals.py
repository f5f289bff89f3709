from datetime import date
from decimal import Decimal

from tests.billing.factories import InvoiceFactory, MatterFactory
from tests.trust.reconciliation.helpers import deposit, statement_csv, upload, withdrawal
from trust.selectors_reconciliation import reconciliation_report


def test_money_the_bank_has_not_seen_yet_adjusts_the_bank_balance_and_all_three_agree(
    account, reconciler
):
    smith, jones = MatterFactory(), MatterFactory()
    deposit(account, smith, "1000.00", on=date(2026, 11, 2), ref="LP-1")
    late_deposit = deposit(account, jones, "500.00", on=date(2026, 11, 28))
    earned, _ = withdrawal(
        account, InvoiceFactory(matter=smith, total=Decimal("300.00")), "300.00",
        on=date(2026, 11, 29),
    )  # fmt: skip
    csv = statement_csv('2026-11-03,LawPay deposit,"1,000.00",LP-1')

    outcome = upload(account, reconciler, csv, opening="0.00", closing="1000.00")
    report = reconciliation_report(reconciliation=outcome.reconciliation)

    assert outcome.matched == 1
    assert report.statement_balance == Decimal("1000.00")
    assert report.in_transit == [late_deposit]
    assert report.outstanding == [earned]
    assert report.deposits_in_transit == Decimal("500.00")
    assert report.outstanding_withdrawals == Decimal("300.00")
    assert report.adjusted_bank_balance == Decimal("1200.00")
    assert report.journal_balance == Decimal("1200.00")
    assert report.ledgers_balance == Decimal("1200.00")
    assert report.unmatched_lines == []
    assert report.balanced


def test_a_deposit_the_bank_credits_after_the_period_end_is_still_in_transit(account, reconciler):
    matter = MatterFactory()
    on_the_30th = deposit(account, matter, "250.00", on=date(2026, 11, 30))
    upload(account, reconciler, statement_csv("2026-11-30,Wire,250.00,"), opening="0.00",
           closing="250.00", name="nov.csv")  # fmt: skip
    december = upload(
        account, reconciler, statement_csv("2026-12-02,Deposit,250.00,"),
        period_end=date(2026, 12, 2), opening="250.00", closing="500.00", name="dec.csv",
    )  # fmt: skip
    second = deposit(account, matter, "250.00", on=date(2026, 12, 1))

    report = reconciliation_report(reconciliation=december.reconciliation)

    # The Nov 30 line took the Nov 30 deposit; the Dec 2 line arrived before the Dec 1 deposit
    # was posted, so it stands unmatched on the bank side and the Dec 1 deposit in transit.
    assert on_the_30th.statement_line.posted_on == date(2026, 11, 30)
    assert report.in_transit == [second]
    assert [line.amount for line in report.unmatched_lines] == [Decimal("250.00")]
    assert report.bank_difference == Decimal("250.00")
