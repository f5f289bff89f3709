from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from tests.billing.factories import InvoiceFactory, MatterFactory
from tests.trust.reconciliation.helpers import deposit, statement_csv, upload, withdrawal
from trust.models import StatementLine, TrustTransfer
from trust.services.matching import (
    MatchRefused,
    statement_line_match,
    statement_line_unmatch,
    statement_lines_match,
)

TWO_HUNDREDS = statement_csv("2026-11-03,Deposit,100.00,", "2026-11-04,Deposit,100.00,")


def test_two_lines_of_the_same_money_take_one_entry_once(account, reconciler):
    entry = deposit(account, MatterFactory(), "100.00", on=date(2026, 11, 3))

    outcome = upload(account, reconciler, TWO_HUNDREDS, closing="200.00")

    assert outcome.matched == 1
    matched = StatementLine.objects.get(entry__isnull=False)
    assert (matched.entry, matched.posted_on) == (entry, date(2026, 11, 3))
    assert StatementLine.objects.filter(entry__isnull=True).count() == 1


def test_a_manual_match_of_an_entry_already_matched_is_refused(account, reconciler):
    deposit(account, MatterFactory(), "100.00", on=date(2026, 11, 3))
    upload(account, reconciler, TWO_HUNDREDS, closing="200.00")
    taken = StatementLine.objects.get(entry__isnull=False)
    loose = StatementLine.objects.get(entry__isnull=True)

    with pytest.raises(MatchRefused, match="already matched to another line"):
        statement_line_match(line=loose, entry=taken.entry, user=reconciler)

    assert StatementLine.objects.filter(entry=taken.entry).count() == 1


def test_the_database_refuses_a_second_line_for_one_entry(account, reconciler):
    deposit(account, MatterFactory(), "100.00", on=date(2026, 11, 3))
    upload(account, reconciler, TWO_HUNDREDS, closing="200.00")
    taken = StatementLine.objects.get(entry__isnull=False)

    with pytest.raises(IntegrityError), transaction.atomic():
        StatementLine.objects.filter(entry__isnull=True).update(
            entry=taken.entry, matched_at=taken.matched_at
        )


def test_the_same_file_uploaded_again_adds_no_line_and_matches_nothing_more(account, reconciler):
    deposit(account, MatterFactory(), "100.00", on=date(2026, 11, 3))
    first = upload(account, reconciler, TWO_HUNDREDS, closing="200.00")

    again = upload(account, reconciler, TWO_HUNDREDS, closing="200.00", name="copy.csv")

    assert again.created is False
    assert again.statement == first.statement
    assert again.reconciliation == first.reconciliation
    assert StatementLine.objects.count() == 2


def test_an_overlapping_export_imports_only_the_lines_not_yet_imported(account, reconciler):
    upload(account, reconciler, statement_csv("2026-11-03,Deposit,100.00,"),
           period_end=date(2026, 11, 15), closing="100.00", name="first-half.csv")  # fmt: skip

    whole = upload(account, reconciler, TWO_HUNDREDS, closing="200.00", name="whole.csv")

    assert (whole.statement.lines_imported, whole.statement.lines_already_imported) == (1, 1)
    assert StatementLine.objects.count() == 2


def test_a_reference_on_the_line_picks_its_entry_over_a_nearer_one(account, reconciler):
    matter = MatterFactory()
    deposit(account, matter, "100.00", on=date(2026, 11, 3))
    named = deposit(account, matter, "100.00", on=date(2026, 11, 6), ref="LP-777")

    upload(account, reconciler, statement_csv("2026-11-03,LawPay,100.00,LP-777"),
           closing="100.00")  # fmt: skip

    assert StatementLine.objects.get().entry == named


def test_lines_further_than_five_days_from_any_entry_wait_for_a_person(account, reconciler):
    entry = deposit(account, MatterFactory(), "100.00", on=date(2026, 11, 3))

    outcome = upload(account, reconciler, statement_csv("2026-11-09,Deposit,100.00,"),
                     closing="100.00")  # fmt: skip
    line = StatementLine.objects.get()
    statement_line_match(line=line, entry=entry, user=reconciler)

    assert outcome.matched == 0
    line.refresh_from_db()
    assert (line.entry, line.matched_by, line.matched_automatically) == (entry, reconciler, False)


def test_a_manual_match_of_different_money_is_refused(account, reconciler):
    entry = deposit(account, MatterFactory(), "100.00", on=date(2026, 11, 3))
    upload(account, reconciler, statement_csv("2026-11-03,Deposit,99.99,"), closing="99.99")

    with pytest.raises(MatchRefused, match=r"moves \$99\.99 and entry 1 \$100\.00"):
        statement_line_match(line=StatementLine.objects.get(), entry=entry, user=reconciler)


def test_matching_again_finds_an_entry_posted_after_the_upload(account, reconciler):
    outcome = upload(account, reconciler, statement_csv("2026-11-03,Deposit,100.00,"),
                     closing="100.00")  # fmt: skip
    entry = deposit(account, MatterFactory(), "100.00", on=date(2026, 11, 2))

    assert statement_lines_match(statement=outcome.statement, user=reconciler) == 1
    assert StatementLine.objects.get().entry == entry


def test_a_matched_withdrawal_confirms_its_transfer_and_unmatching_takes_it_back(
    account, reconciler
):
    matter = MatterFactory()
    deposit(account, matter, "300.00", on=date(2026, 11, 2))
    invoice = InvoiceFactory(matter=matter, total=Decimal("300.00"))
    _, transfer = withdrawal(account, invoice, "300.00", on=date(2026, 11, 10))
    csv = statement_csv(
        "2026-11-02,Deposit,300.00,", "2026-11-12,Transfer to operating,-300.00,TRF-9"
    )

    upload(account, reconciler, csv, closing="0.00")
    transfer.refresh_from_db()
    line = StatementLine.objects.get(reference="TRF-9")

    assert transfer.bank_reference == "TRF-9"
    assert transfer.executed_at.date() == date(2026, 11, 12)
    assert transfer.executed_by == reconciler
    assert line.confirmed_transfer

    statement_line_unmatch(line=line, user=reconciler)
    transfer = TrustTransfer.objects.get()
    assert (transfer.executed_at, transfer.bank_reference) == (None, "")
    assert transfer.history.count() == 3
