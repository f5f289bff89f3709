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


def test_an_entry_matched_only_by_a_line_after_the_period_end_is_still_in_transit(
    account, reconciler
):
    matter = MatterFactory()
    deposit(account, matter, "100.00", on=date(2026, 11, 2))
    on_the_30th = deposit(account, matter, "250.00", on=date(2026, 11, 30))
    november = upload(account, reconciler, statement_csv("2026-11-03,Wire,100.00,"),
                      closing="100.00", name="nov.csv")  # fmt: skip
    december = statement_csv("2026-12-01,Deposit,250.00,")
    upload(account, reconciler, december, period_end=date(2026, 12, 1), opening="100.00",
           closing="350.00", name="dec.csv")  # fmt: skip

    report = reconciliation_report(reconciliation=november.reconciliation)

    assert on_the_30th.statement_line.posted_on == date(2026, 12, 1)
    assert report.in_transit == [on_the_30th]
    assert report.adjusted_bank_balance == report.journal_balance == Decimal("350.00")
    assert report.balanced


def test_the_report_costs_the_same_few_queries_however_many_items(
    account, reconciler, django_assert_num_queries
):
    matter = MatterFactory()
    for day in range(1, 21):
        deposit(account, matter, f"{day}.00", on=date(2026, 11, day))
    outcome = upload(account, reconciler, statement_csv("2026-11-01,Deposit,1.00,"),
                     closing="1.00")  # fmt: skip

    with django_assert_num_queries(7):
        report = reconciliation_report(reconciliation=outcome.reconciliation)

    assert len(report.in_transit) == 19
    assert report.balanced
