from datetime import date
from decimal import Decimal

import pytest

from tests.billing.factories import MatterFactory
from tests.trust.reconciliation.helpers import deposit, statement_csv, upload
from trust.models import BankStatement, Reconciliation, StatementLine
from trust.services.statements import statement_amount_parse


def test_every_bad_row_is_listed_with_its_line_and_reason_and_nothing_is_imported(
    account, reconciler
):
    deposit(account, MatterFactory(), "100.00", on=date(2026, 11, 3))
    csv = statement_csv(
        "2026-11-03,Deposit,100.00,",
        "31/11/2026,Bad date,5.00,",
        '2026-11-04,European,"1.234,56",',
        "2026-11-05,Fractions,12.345,",
        "2026-11-06,Nothing,,",
        "2026-12-01,Too late,5.00,",
        "2026-11-07,Zero,0.00,",
    )

    outcome = upload(account, reconciler, csv, closing="100.00")

    statement = outcome.statement
    assert outcome.reconciliation is None
    assert statement.status == BankStatement.Status.REJECTED
    assert [(r["line"], r["reason"]) for r in statement.rejections] == [
        (3, "'31/11/2026' is not a date (write it like 2026-11-30 or 11/30/2026)."),
        (4, "'1.234,56' is not an amount (write it like 1,234.56 or -50.00)."),
        (5, "'12.345' has fractions of a cent."),
        (6, "The amount is empty."),
        (7, "Dated 2026-12-01, after the statement's period end (2026-11-30)."),
        (8, "The amount is zero; a bank line moves money."),
    ]
    assert StatementLine.objects.count() == 0
    assert Reconciliation.objects.count() == 0


def test_lines_that_do_not_make_the_closing_balance_are_refused(account, reconciler):
    outcome = upload(account, reconciler, statement_csv("2026-11-03,Deposit,100.00,"),
                     opening="50.00", closing="160.00")  # fmt: skip

    assert outcome.statement.status == BankStatement.Status.REJECTED
    assert outcome.statement.rejections == [
        {
            "line": 0,
            "reason": "The lines add up to $100.00, but the balance moves from $50.00 to "
            "$160.00 ($110.00): $10.00 is missing. Check the balances typed in and that the "
            "export covers the whole period.",
        }
    ]
    assert StatementLine.objects.count() == 0


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"Posted,Memo\n2026-11-03,Deposit\n", "The first row must name the columns"),
        (b"Date,Amount\n", "The file has no lines."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not a CSV export"),
    ],
    ids=["no amount column", "no lines", "binary"],
)
def test_a_file_that_is_not_a_statement_is_refused_as_a_whole(account, reconciler, content, reason):
    outcome = upload(account, reconciler, content, closing="0.00")

    assert outcome.statement.status == BankStatement.Status.REJECTED
    assert outcome.statement.rejections[0]["line"] == 0
    assert reason in outcome.statement.rejections[0]["reason"]


def test_a_fixed_file_is_accepted_after_the_rejected_one(account, reconciler):
    upload(account, reconciler, statement_csv("2026-11-03,Deposit,abc,"), closing="100.00")

    fixed = upload(account, reconciler, statement_csv("2026-11-03,Deposit,100.00,"),
                   closing="100.00")  # fmt: skip

    assert fixed.statement.status == BankStatement.Status.ACCEPTED
    assert BankStatement.objects.filter(status=BankStatement.Status.REJECTED).count() == 1


def test_common_bank_spellings_of_the_columns_and_amounts_are_read(account, reconciler):
    csv = statement_csv(
        '11/02/2026,Wire in,,"1,234.56",',
        "11/03/2026,Check,(34.56),,1042",
        header="Posting Date,Transaction Description,Debit,Credit,Check #",
    )

    outcome = upload(account, reconciler, csv, closing="1200.00")

    assert outcome.statement.status == BankStatement.Status.ACCEPTED
    lines = list(StatementLine.objects.order_by("row_number"))
    assert [(line.posted_on, line.amount, line.reference) for line in lines] == [
        (date(2026, 11, 2), Decimal("1234.56"), ""),
        (date(2026, 11, 3), Decimal("-34.56"), "1042"),
    ]


@pytest.mark.parametrize(
    "raw, amount",
    [("1,234.56", "1234.56"), ("-50.00", "-50.00"), ("(50.00)", "-50.00"), ("$-7", "-7.00"),
     ("50.00-", "-50.00"), ("+3.5", "3.50"), (".25", "0.25")],
)  # fmt: skip
def test_amounts_as_banks_print_them(raw, amount):
    assert statement_amount_parse(raw) == Decimal(amount)


@pytest.mark.parametrize("raw", ["1.234,56", "12,34", "1e3", "NaN", "--5", "", "1,2345.00"])
def test_amounts_that_are_not_amounts_are_refused(raw):
    with pytest.raises(ValueError, match="not an amount"):
        statement_amount_parse(raw)


def test_a_huge_bad_cell_is_quoted_short_and_a_flood_of_bad_rows_is_cut(account, reconciler):
    rows = [f"2026-11-03,Deposit,{'9' * 5000}x,"] + ["2026-11-03,Deposit,abc,"] * 1500

    outcome = upload(account, reconciler, statement_csv(*rows), closing="0.00")

    rejections = outcome.statement.rejections
    assert len(rejections) == 1001
    assert rejections[0]["reason"].startswith(f"'{'9' * 40}…' is not an amount")
    assert rejections[-1] == {"line": 0, "reason": "More than 1,000 problems; fix these first."}
