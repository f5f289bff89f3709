"""The trust (IOLTA) ledger: accounts, one ledger per matter in an account, and its entries.

Rules (PRODUCT.md §4, trust-accounting-rules.md §1): a matter's balance never goes below zero
(row locks in ``trust/services/posting.py`` plus the check constraints here); only cleared funds
can leave; entries are never changed or deleted — the database refuses it (triggers installed by
migration 0003 on PostgreSQL and SQLite) and so does the ORM — and corrections are reversals.

Amounts are signed effects: ``amount`` on the balance, ``available_change`` on the cleared
(available) part. An eCheck deposit enters uncleared (+amount, +0) and a later clearance entry
makes it available (0, +amount); an earned-fee withdrawal is (−amount, −amount). Each entry
carries the matter's figures after it, so a ledger at any date is one row away.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from billing.models import BankAccount, Invoice, Matter
from billing.models.clio import MoneyFieldArgs

TRUST_MONEY: MoneyFieldArgs = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")


class AppendOnly(Exception):
    """Trust entries are never changed or deleted; post a reversal instead."""


class TrustAccount(models.Model):
    """A trust bank account: Clio's trust bank account and the processor's trust account."""

    name = models.CharField(max_length=200)
    clio_bank_account = models.OneToOneField(
        BankAccount, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The LawPay (processor) trust account whose payments are deposits into this account.
    processor_account_id = models.CharField(max_length=100, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    is_default = models.BooleanField(default=False)
    # Journal figures, kept by posting under this row's lock; reconciliation recomputes them
    # from the entries and shows any difference.
    balance = models.DecimalField(**TRUST_MONEY, default=ZERO)
    entries_count = models.BigIntegerField(default=0)
    # Entries dated on or before this day are refused: the last signed-off reconciliation.
    locked_through = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(balance__gte=0), name="trust_account_balance_gte_0"),
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="trust_account_one_default",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MatterLedger(models.Model):
    """One matter's money in one trust account; its row is the lock every posting takes."""

    account = models.ForeignKey(TrustAccount, on_delete=models.PROTECT, related_name="ledgers")
    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="trust_ledgers")
    balance = models.DecimalField(**TRUST_MONEY, default=ZERO)
    available = models.DecimalField(**TRUST_MONEY, default=ZERO)
    entries_count = models.IntegerField(default=0)
    # Evergreen retainer: below this, a replenishment request goes out (0: none).
    evergreen_minimum = models.DecimalField(**TRUST_MONEY, default=ZERO)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "matter"], name="matter_ledger_unique"),
            # The last line of defence behind the posting service's locked check (§4).
            models.CheckConstraint(condition=Q(balance__gte=0), name="matter_ledger_balance_gte_0"),
            models.CheckConstraint(
                condition=Q(available__gte=0, available__lte=F("balance")),
                name="matter_ledger_available_within_balance",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.matter} in {self.account}"

    @property
    def uncleared(self) -> Decimal:
        return self.balance - self.available


class TrustEntryQuerySet(models.QuerySet["TrustEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnly("Trust entries are never changed; post a reversal instead.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("Trust entries are never deleted; post a reversal instead.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AppendOnly("Trust entries are never changed; post a reversal instead.")


class TrustEntry(models.Model):
    class Kind(models.TextChoices):
        OPENING = "opening", "Opening balance"
        DEPOSIT = "deposit", "Deposit"
        CLEARANCE = "clearance", "Funds cleared"
        WITHDRAWAL = "withdrawal", "Earned-fee withdrawal"
        REFUND = "refund", "Refund to client"
        REVERSAL = "reversal", "Reversal"

    class Source(models.TextChoices):
        CLIO = "clio", "Clio"
        PROCESSOR = "processor", "LawPay transaction"
        INVOICE = "invoice", "Invoice"
        STATEMENT = "statement", "Bank statement"
        USER = "user", "Entered by a person"

    account = models.ForeignKey(TrustAccount, on_delete=models.PROTECT, related_name="entries")
    ledger = models.ForeignKey(MatterLedger, on_delete=models.PROTECT, related_name="entries")
    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="trust_entries")
    # Gapless per account: the journal's order.
    sequence = models.BigIntegerField()
    kind = models.CharField(max_length=12, choices=Kind)
    amount = models.DecimalField(**TRUST_MONEY)
    available_change = models.DecimalField(**TRUST_MONEY)
    effective_date = models.DateField()
    source = models.CharField(max_length=12, choices=Source)
    # The source's own id (LawPay transaction, Clio bank transaction, statement line …): with
    # ``source`` and ``kind`` unique, so a re-delivered event posts nothing twice.
    source_ref = models.CharField(max_length=200, blank=True)
    memo = models.CharField(max_length=500, blank=True)
    invoice = models.ForeignKey(
        Invoice, null=True, blank=True, on_delete=models.PROTECT, related_name="trust_entries"
    )
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    clears = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="cleared_by"
    )
    balance_after = models.DecimalField(**TRUST_MONEY)
    available_after = models.DecimalField(**TRUST_MONEY)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    posted_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[TrustEntryQuerySet] = TrustEntryQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name_plural = "trust entries"
        ordering = ["account", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["account", "sequence"], name="trust_entry_sequence"),
            models.UniqueConstraint(
                fields=["source", "source_ref", "kind"],
                condition=~Q(source_ref=""),
                name="trust_entry_once_per_source",
            ),
            models.UniqueConstraint(
                fields=["ledger"], condition=Q(kind="opening"), name="trust_entry_one_opening"
            ),
            models.CheckConstraint(
                condition=Q(balance_after__gte=0, available_after__gte=0)
                & Q(available_after__lte=F("balance_after")),
                name="trust_entry_never_below_zero",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["opening", "deposit"], amount__gt=0, available_change__gte=0)
                    & Q(available_change__lte=F("amount"))
                )
                | Q(kind="clearance", amount=0, available_change__gt=0, clears__isnull=False)
                | Q(kind__in=["withdrawal", "refund"], amount__lt=0, available_change=F("amount"))
                | Q(kind="reversal", reverses__isnull=False),
                name="trust_entry_kind_shape",
            ),
            models.CheckConstraint(
                condition=~Q(kind="withdrawal") | Q(invoice__isnull=False),
                name="trust_entry_withdrawal_for_an_invoice",
            ),
        ]
        indexes = [
            models.Index(fields=["ledger", "id"]),
            models.Index(fields=["account", "effective_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} on {self.matter} ({self.effective_date})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("Trust entries are never changed; post a reversal instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("Trust entries are never deleted; post a reversal instead.")
