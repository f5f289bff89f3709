from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from tests.billing.factories import MatterFactory
from tests.trust.reconciliation.helpers import deposit, statement_csv, upload
from trust.models import MatterLedger, Reconciliation, TrustAccount
from trust.selectors_reconciliation import reconciliation_report
from trust.services.reconciliation import ReconciliationRefused, reconciliation_sign_off

FEE_CSV = statement_csv(
    "2026-11-03,Deposit,1000.00,",
    "2026-11-30,Service charge,-0.01,",
)


@pytest.fixture
def a_cent_short(account, reconciler):
    """The bank took a one-cent charge the books never recorded."""
    deposit(account, MatterFactory(), "1000.00", on=date(2026, 11, 2))
    return upload(account, reconciler, FEE_CSV, closing="999.99").reconciliation


def test_a_bank_charge_missing_from_the_books_is_a_one_cent_difference_with_its_line(
    a_cent_short,
):
    report = reconciliation_report(reconciliation=a_cent_short)

    assert report.adjusted_bank_balance == Decimal("999.99")
    assert report.journal_balance == report.ledgers_balance == Decimal("1000.00")
    assert report.bank_difference == Decimal("-0.01")
    assert [(line.description, line.amount) for line in report.unmatched_lines] == [
        ("Service charge", Decimal("-0.01"))
    ]
    assert not report.balanced


def test_the_page_and_the_csv_show_the_cent_and_its_line(client, reconciler, a_cent_short):
    client.force_login(reconciler)

    page = client.get(reverse("trust:reconciliation", kwargs={"pk": a_cent_short.pk}))
    csv = client.get(reverse("trust:reconciliation-csv", kwargs={"pk": a_cent_short.pk}))

    html = page.content.decode()
    assert 'data-testid="bank-difference">$-0.01<' in html
    assert "Service charge" in html
    assert "The balances differ" in html
    rows = csv.content.decode().splitlines()
    assert "figure,2026-11-30,,,difference: adjusted bank − journal,,-0.01" in rows
    assert "bank line not in the books,2026-11-30,,,Service charge,,-0.01" in rows


def test_sign_off_is_refused_while_the_bank_side_differs_and_nothing_is_locked(
    account, reconciler, a_cent_short
):
    with pytest.raises(ReconciliationRefused, match=r"differ by \$-0\.01.*explain in writing"):
        reconciliation_sign_off(reconciliation=a_cent_short, user=reconciler)

    account.refresh_from_db()
    assert account.locked_through is None
    assert Reconciliation.objects.get().signed_at is None


def test_a_written_explanation_signs_a_bank_side_difference_and_is_kept(
    account, reconciler, a_cent_short
):
    signed = reconciliation_sign_off(
        reconciliation=a_cent_short,
        user=reconciler,
        explanation="Bank charged $0.01 in error; refund promised for December.",
    )

    assert signed.adjusted_bank_balance == Decimal("999.99")
    assert signed.journal_balance == Decimal("1000.00")
    assert signed.explanation.startswith("Bank charged $0.01 in error")
    assert TrustAccount.objects.get().locked_through == date(2026, 11, 30)


def test_a_cent_between_the_journal_and_the_matter_ledgers_is_never_signed(
    account, reconciler, a_cent_short
):
    # A running balance one cent off, as a bug or a hand in psql would leave it (inserts are
    # the one write the ledger's triggers allow).
    ledger = MatterLedger.objects.get()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO trust_trustentry (account_id, ledger_id, matter_id, sequence, kind, "
            "amount, available_change, effective_date, source, source_ref, memo, "
            "balance_after, available_after, posted_at) VALUES (%s, %s, %s, 2, 'deposit', "
            "1.00, 1.00, %s, 'user', '', 'hand-made', 1000.99, 1000.99, %s)",
            [account.pk, ledger.pk, ledger.matter_id, date(2026, 11, 20), "2026-11-20 12:00Z"],
        )
    report = reconciliation_report(reconciliation=a_cent_short)

    assert report.journal_balance == Decimal("1001.00")
    assert report.ledgers_balance == Decimal("1000.99")
    assert report.ledgers_difference == Decimal("0.01")
    with pytest.raises(ReconciliationRefused, match=r"differ by \$0\.01.*never signed off"):
        reconciliation_sign_off(
            reconciliation=a_cent_short, user=reconciler, explanation="Looks fine to me."
        )
    assert TrustAccount.objects.get().locked_through is None
