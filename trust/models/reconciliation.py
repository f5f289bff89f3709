"""Three-way reconciliation (trust-accounting-rules.md §1): the bank's statements, their lines
matched to ledger entries, and the signed-off figures.

A statement import is kept whatever its fate: an accepted one holds its lines, a rejected one
holds every rejected row and the reason, and changes nothing else. The same file is accepted
once per account (its SHA-256), and a line is imported once per account (its fingerprint), so
a re-upload doubles nothing. A ledger entry matches at most one statement line (the one-to-one
column below is the database's guarantee). A signed reconciliation is never changed: the
service signs with a conditional update and ``save`` refuses a signed row.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from trust.models.ledger import TRUST_MONEY, TrustAccount, TrustEntry

# Ledger entries that move money at the bank: clearances move none, and opening balances were
# at the bank before Remit kept the ledger.
BANK_KINDS = (
    TrustEntry.Kind.DEPOSIT,
    TrustEntry.Kind.REFUND,
    TrustEntry.Kind.WITHDRAWAL,
    TrustEntry.Kind.REVERSAL,
)


class ReconciliationSigned(Exception):
    """A signed reconciliation is a record of what was attested; it is never changed."""


class BankStatement(models.Model):
    class Status(models.TextChoices):
        ACCEPTED = "accepted", "Imported"
        REJECTED = "rejected", "Rejected"

    account = models.ForeignKey(TrustAccount, on_delete=models.PROTECT, related_name="statements")
    period_end = models.DateField()
    opening_balance = models.DecimalField(**TRUST_MONEY)
    closing_balance = models.DecimalField(**TRUST_MONEY)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=8, choices=Status)
    # [{"line": 7, "reason": "…"}]; line 0 is the file as a whole.
    rejections = models.JSONField(default=list, blank=True)
    lines_imported = models.IntegerField(default=0)
    # Lines an earlier import of the account already holds (an overlapping export).
    lines_already_imported = models.IntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "file_sha256"],
                condition=Q(status="accepted"),
                name="bank_statement_file_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Statement to {self.period_end:%Y-%m-%d} for {self.account} ({self.file_name})"


class StatementLine(models.Model):
    statement = models.ForeignKey(BankStatement, on_delete=models.PROTECT, related_name="lines")
    account = models.ForeignKey(TrustAccount, on_delete=models.PROTECT, related_name="+")
    row_number = models.IntegerField()
    posted_on = models.DateField()
    description = models.CharField(max_length=500, blank=True)
    amount = models.DecimalField(**TRUST_MONEY)
    reference = models.CharField(max_length=100, blank=True)
    # SHA-256 of date, amount, reference, description and which repeat of them in its file.
    fingerprint = models.CharField(max_length=64)
    entry = models.OneToOneField(
        TrustEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="statement_line"
    )
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    matched_at = models.DateTimeField(null=True, blank=True)
    matched_automatically = models.BooleanField(default=False)
    # The match confirmed the withdrawal's transfer, so unmatching takes the confirmation back.
    confirmed_transfer = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "fingerprint"], name="statement_line_once_per_account"
            ),
            models.CheckConstraint(condition=~Q(amount=0), name="statement_line_amount_not_0"),
            models.CheckConstraint(
                condition=Q(entry__isnull=False)
                | Q(matched_at__isnull=True, confirmed_transfer=False),
                name="statement_line_unmatched_is_bare",
            ),
        ]
        indexes = [
            models.Index(fields=["account", "posted_on"]),
            # The report's bank lines not in the books, among a million matched ones.
            models.Index(
                fields=["account", "posted_on"],
                condition=Q(entry__isnull=True),
                name="statement_line_unmatched",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.posted_on:%Y-%m-%d} {self.amount} {self.description}"


class Reconciliation(models.Model):
    """One account's reconciliation as of ``period_end``: a draft until signed, then fixed."""

    account = models.ForeignKey(
        TrustAccount, on_delete=models.PROTECT, related_name="reconciliations"
    )
    period_end = models.DateField()
    statement = models.ForeignKey(
        BankStatement, on_delete=models.PROTECT, related_name="reconciliations"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The figures as signed (empty until then).
    statement_balance = models.DecimalField(**TRUST_MONEY, null=True, blank=True)
    deposits_in_transit = models.DecimalField(**TRUST_MONEY, null=True, blank=True)
    outstanding_withdrawals = models.DecimalField(**TRUST_MONEY, null=True, blank=True)
    adjusted_bank_balance = models.DecimalField(**TRUST_MONEY, null=True, blank=True)
    journal_balance = models.DecimalField(**TRUST_MONEY, null=True, blank=True)
    ledgers_balance = models.DecimalField(**TRUST_MONEY, null=True, blank=True)
    unmatched_entries = models.IntegerField(null=True, blank=True)
    unmatched_lines = models.IntegerField(null=True, blank=True)
    # Required when the bank side differs from the books at sign-off (a bank error the bank
    # will correct); the books and the matter ledgers must always agree.
    explanation = models.TextField(blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["account", "-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "period_end"], name="reconciliation_once_per_period"
            ),
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True, signed_by__isnull=True)
                | Q(
                    signed_at__isnull=False,
                    signed_by__isnull=False,
                    statement_balance__isnull=False,
                    deposits_in_transit__isnull=False,
                    outstanding_withdrawals__isnull=False,
                    adjusted_bank_balance__isnull=False,
                    journal_balance__isnull=False,
                    ledgers_balance__isnull=False,
                ),
                name="reconciliation_signed_has_figures",
            ),
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True)
                | Q(journal_balance=models.F("ledgers_balance")),
                name="reconciliation_signed_books_agree",
            ),
        ]

    def __str__(self) -> str:
        return f"Reconciliation of {self.account} to {self.period_end:%Y-%m-%d}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding and (
            Reconciliation.objects.filter(pk=self.pk, signed_at__isnull=False).exists()
        ):
            raise ReconciliationSigned(f"{self} is signed; it is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self.signed:
            raise ReconciliationSigned(f"{self} is signed; it is never deleted.")
        return super().delete(*args, **kwargs)

    @property
    def signed(self) -> bool:
        return self.signed_at is not None
