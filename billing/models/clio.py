"""Local mirrors of Clio records (Clio is their record of truth, PRODUCT.md §2).

Written only by ``billing/services/mirror.py``, fed by the sync in ``integrations/clio/sync/``
(which re-fetches a record from Clio), upserting by ``clio_id``; never edited by people.
``deleted_at`` marks a record Clio deleted (rows are kept so invoices keep their references).
"""

from typing import TypedDict

from django.conf import settings
from django.db import models


class MoneyFieldArgs(TypedDict):
    max_digits: int
    decimal_places: int


MONEY: MoneyFieldArgs = {"max_digits": 12, "decimal_places": 2}


class ClioMirror(models.Model):
    clio_id = models.BigIntegerField(unique=True)
    clio_etag = models.CharField(max_length=100, blank=True)
    clio_updated_at = models.DateTimeField(null=True, blank=True)
    synced_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class ClioUser(ClioMirror):
    """A firm user in Clio (attorney, paralegal…), linked to a Remit login when one exists."""

    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    enabled = models.BooleanField(default=True)
    remit_user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clio_user",
    )

    def __str__(self) -> str:
        return self.name


class Client(ClioMirror):
    """A Clio contact that is a client of a matter."""

    class Type(models.TextChoices):
        PERSON = "Person"
        COMPANY = "Company"

    name = models.CharField(max_length=300)
    type = models.CharField(max_length=10, choices=Type, default=Type.PERSON)
    # Re-read from Clio at send time (PRODUCT.md §8); this copy is for display and checks.
    primary_email = models.CharField(max_length=254, blank=True)

    def __str__(self) -> str:
        return self.name


class Matter(ClioMirror):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        PENDING = "pending", "Pending"
        CLOSED = "closed", "Closed"

    class BillingMethod(models.TextChoices):
        HOURLY = "hourly", "Hourly"
        FLAT = "flat", "Flat"
        CONTINGENCY = "contingency", "Contingency"

    display_number = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    billing_method = models.CharField(
        max_length=20, choices=BillingMethod, default=BillingMethod.HOURLY
    )
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.PROTECT, related_name="matters"
    )
    responsible_attorney = models.ForeignKey(
        ClioUser, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    originating_attorney = models.ForeignKey(
        ClioUser, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    practice_area = models.CharField(max_length=200, blank=True)
    matter_stage = models.CharField(max_length=200, blank=True)
    open_date = models.DateField(null=True, blank=True)
    close_date = models.DateField(null=True, blank=True)
    # Clio's view of the matter's trust balance (sum of its Trust ``account_balances``);
    # compared with Remit's ledger, never copied into it (PRODUCT.md §4).
    clio_trust_balance = models.DecimalField(**MONEY, default=0)
    account_balances = models.JSONField(default=list, blank=True)
    custom_field_values = models.JSONField(default=list, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "billing_method"])]

    def __str__(self) -> str:
        return self.display_number


class Activity(ClioMirror):
    """A Clio time or expense entry."""

    class Type(models.TextChoices):
        TIME = "TimeEntry"
        EXPENSE = "ExpenseEntry"
        HARD_COST = "HardCostEntry"
        SOFT_COST = "SoftCostEntry"

    type = models.CharField(max_length=20, choices=Type)
    matter = models.ForeignKey(
        Matter, null=True, blank=True, on_delete=models.PROTECT, related_name="activities"
    )
    user = models.ForeignKey(
        ClioUser, null=True, blank=True, on_delete=models.PROTECT, related_name="activities"
    )
    date = models.DateField()
    quantity_seconds = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    rounded_quantity_seconds = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    price = models.DecimalField(**MONEY, default=0)
    # Clio is the source of truth for the value of time (PRODUCT.md §8): lines use ``total``.
    total = models.DecimalField(**MONEY, default=0)
    description = models.TextField(blank=True)
    non_billable = models.BooleanField(default=False)
    no_charge = models.BooleanField(default=False)
    on_bill = models.BooleanField(default=False)
    billed = models.BooleanField(default=False)
    clio_bill_id = models.BigIntegerField(null=True, blank=True)
    # When a billing-relevant value last changed: the stability window (PRODUCT.md §3.1)
    # counts from here, so a partial save in Clio restarts the wait.
    content_changed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["matter", "content_changed_at"])]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return f"{self.type} {self.clio_id} on {self.date}"


class BankAccount(ClioMirror):
    """A Clio bank account; which one is the trust account is Clio's ``type``, not its name."""

    class Type(models.TextChoices):
        OPERATING = "Operating"
        TRUST = "Trust"

    name = models.CharField(max_length=200)
    type = models.CharField(max_length=10, choices=Type)
    currency = models.CharField(max_length=3, default="USD")
    # Clio's figure, for comparison with Remit's trust ledger; never copied into it.
    balance = models.DecimalField(**MONEY, default=0)
    default_account = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.name} ({self.type})"
