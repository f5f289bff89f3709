"""The three-way reconciliation report of one trust account as of a day (trust-accounting-rules
§1): the adjusted bank balance, the trust journal and the sum of the matter ledgers, each
computed its own way in SQL, their differences to the cent, and every unmatched item.

- Adjusted bank balance: the statement's closing balance + deposits in transit − outstanding
  withdrawals. In transit / outstanding: money-in / money-out entries dated on or before the day
  that no statement line dated on or before it matched.
- Trust journal: Σ ``amount`` of the account's entries dated on or before the day.
- Matter ledgers: Σ over ledgers of the running ``balance_after`` of each ledger's last posted
  entry dated on or before the day, less entries that ledger posted before it but dated after
  the day (a back-dated posting): a second reading that does not add up amounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Sum

from trust.models import (
    BANK_KINDS,
    ZERO,
    MatterLedger,
    Reconciliation,
    StatementLine,
    TrustAccount,
    TrustEntry,
)


@dataclass(frozen=True)
class ReconciliationReport:
    account: TrustAccount
    period_end: date
    statement_balance: Decimal
    in_transit: list[TrustEntry]
    outstanding: list[TrustEntry]
    # Bank lines on or before the day with no entry, or whose entry is dated after the day.
    unmatched_lines: list[StatementLine]
    journal_balance: Decimal
    ledgers_balance: Decimal

    @property
    def deposits_in_transit(self) -> Decimal:
        return sum((entry.amount for entry in self.in_transit), ZERO)

    @property
    def outstanding_withdrawals(self) -> Decimal:
        return -sum((entry.amount for entry in self.outstanding), ZERO)

    @property
    def adjusted_bank_balance(self) -> Decimal:
        return self.statement_balance + self.deposits_in_transit - self.outstanding_withdrawals

    @property
    def bank_difference(self) -> Decimal:
        """Adjusted bank balance − trust journal."""
        return self.adjusted_bank_balance - self.journal_balance

    @property
    def ledgers_difference(self) -> Decimal:
        """Trust journal − sum of matter ledgers."""
        return self.journal_balance - self.ledgers_balance

    @property
    def balanced(self) -> bool:
        return self.bank_difference == 0 and self.ledgers_difference == 0


def _unmatched_entries(account: TrustAccount, period_end: date) -> list[TrustEntry]:
    # Ids first: the anti-join reads the whole ledger, so it carries no more than an id.
    ids = (
        TrustEntry.objects.filter(
            account=account, effective_date__lte=period_end, kind__in=BANK_KINDS
        )
        .filter(Q(statement_line__isnull=True) | Q(statement_line__posted_on__gt=period_end))
        .values_list("id", flat=True)
    )
    return list(
        TrustEntry.objects.filter(pk__in=list(ids))
        .select_related("matter")
        .order_by("effective_date", "sequence")
    )


def _unmatched_lines(account: TrustAccount, period_end: date) -> list[StatementLine]:
    lines = StatementLine.objects.filter(account=account, posted_on__lte=period_end)
    # Two queries, not one with OR: the first reads the partial index of unmatched lines, the
    # second the few entries dated after the day.
    booked_later = TrustEntry.objects.filter(account=account, effective_date__gt=period_end)
    found = [
        *lines.filter(entry__isnull=True),
        *lines.filter(entry__in=booked_later.values("pk")).select_related("entry"),
    ]
    return sorted(found, key=lambda line: (line.posted_on, line.row_number, line.pk))


def trust_journal_balance(*, account: TrustAccount, period_end: date) -> Decimal:
    total = TrustEntry.objects.filter(account=account, effective_date__lte=period_end).aggregate(
        total=Sum("amount")
    )["total"]
    return total if total is not None else ZERO


def _last_entry(period_end: date, column: str, *, ledger: OuterRef) -> Subquery:
    """``column`` of the ledger's last posted entry dated on or before the day."""
    return Subquery(
        TrustEntry.objects.filter(ledger=ledger, effective_date__lte=period_end)
        .order_by("-id")
        .values(column)[:1]
    )


def matter_ledgers_balance(*, account: TrustAccount, period_end: date) -> Decimal:
    """See the module docstring: running balances, not a sum of amounts."""
    last = (
        MatterLedger.objects.filter(account=account)
        .annotate(last_balance=_last_entry(period_end, "balance_after", ledger=OuterRef("pk")))
        .aggregate(total=Sum("last_balance"))["total"]
    )
    # Entry ids grow in posting order: each posting holds the account's row lock.
    dated_after = (
        TrustEntry.objects.filter(account=account, effective_date__gt=period_end)
        .annotate(last_id=_last_entry(period_end, "id", ledger=OuterRef("ledger_id")))
        .filter(id__lt=F("last_id"))
        .aggregate(total=Sum("amount"))["total"]
    )
    return (last or ZERO) - (dated_after or ZERO)


def reconciliation_report(*, reconciliation: Reconciliation) -> ReconciliationReport:
    account, period_end = reconciliation.account, reconciliation.period_end
    unmatched = _unmatched_entries(account, period_end)
    return ReconciliationReport(
        account=account,
        period_end=period_end,
        statement_balance=reconciliation.statement.closing_balance,
        in_transit=[entry for entry in unmatched if entry.amount > 0],
        outstanding=[entry for entry in unmatched if entry.amount < 0],
        unmatched_lines=_unmatched_lines(account, period_end),
        journal_balance=trust_journal_balance(account=account, period_end=period_end),
        ledgers_balance=matter_ledgers_balance(account=account, period_end=period_end),
    )


def reconciliations_list(*, account_id: int | None = None) -> QuerySet[Reconciliation]:
    found = Reconciliation.objects.select_related("account", "statement", "signed_by")
    if account_id is not None:
        found = found.filter(account_id=account_id)
    return found.order_by("-period_end", "account__name", "pk")


def statement_lines_matched(*, reconciliation: Reconciliation) -> QuerySet[StatementLine]:
    return (
        reconciliation.statement.lines.filter(entry__isnull=False)
        .select_related("entry__matter", "matched_by")
        .order_by("posted_on", "row_number")
    )


def statement_line_candidates(*, lines: list[StatementLine]) -> dict[int, list[TrustEntry]]:
    """Per line, the unmatched entries of its account moving the same money (one query)."""
    if not lines:
        return {}
    entries = (
        TrustEntry.objects.filter(
            account_id__in={line.account_id for line in lines},
            kind__in=BANK_KINDS,
            amount__in={line.amount for line in lines},
            statement_line__isnull=True,
        )
        .select_related("matter")
        .order_by("effective_date", "sequence")
    )
    by_key: dict[tuple[int, Decimal], list[TrustEntry]] = {}
    for entry in entries:
        by_key.setdefault((entry.account_id, entry.amount), []).append(entry)
    return {line.pk: by_key.get((line.account_id, line.amount), []) for line in lines}


def period_end_default(*, today: date) -> date:
    """Monthly by default: the last day of the month before ``today``."""
    return today.replace(day=1) - timedelta(days=1)


def reconciliation_report_rows(*, report: ReconciliationReport) -> list[list[object]]:
    """The report as CSV rows: the figures, then every unmatched item (both sides)."""
    day = report.period_end.isoformat()
    figures = [
        ("statement closing balance", report.statement_balance),
        ("deposits in transit", report.deposits_in_transit),
        ("outstanding withdrawals", report.outstanding_withdrawals),
        ("adjusted bank balance", report.adjusted_bank_balance),
        ("trust journal balance", report.journal_balance),
        ("sum of matter ledgers", report.ledgers_balance),
        ("difference: adjusted bank − journal", report.bank_difference),
        ("difference: journal − matter ledgers", report.ledgers_difference),
    ]
    rows: list[list[object]] = [["figure", day, "", "", name, "", value] for name, value in figures]
    for section, entries in (
        ("in transit", report.in_transit),
        ("outstanding", report.outstanding),
    ):
        rows += [
            [section, e.effective_date.isoformat(), e.matter.display_number, e.get_kind_display(),
             e.memo, e.source_ref, e.amount]
            for e in entries
        ]  # fmt: skip
    rows += [
        ["bank line not in the books", line.posted_on.isoformat(), "", "", line.description,
         line.reference, line.amount]
        for line in report.unmatched_lines
    ]  # fmt: skip
    return rows
