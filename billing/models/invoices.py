"""Invoices of record for the automated flow, their lines, numbers, payments and rules."""

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from billing.models.clio import MONEY, Activity, Matter

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class BillingRules(models.Model):
    """The firm's billing rules (one row), editable by admins in the UI and the REST API."""

    class SendMode(models.TextChoices):
        ON_APPROVAL = "on_approval", "Send on approval"
        ON_SEND_DATE = "on_send_date", "Send on the send date"

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    billing_methods = models.JSONField(default=list)  # Matter.BillingMethod values in scope
    threshold = models.DecimalField(**MONEY, default=Decimal("500.00"))
    # Calendar rule: draft every month on this day (firm time zone); null turns it off.
    calendar_day_of_month = models.PositiveSmallIntegerField(null=True, blank=True, default=1)
    stability_window_minutes = models.PositiveIntegerField(default=15)
    flat_fee_trigger_stage = models.CharField(max_length=200, blank=True)
    send_mode = models.CharField(max_length=20, choices=SendMode, default=SendMode.ON_APPROVAL)
    send_day_of_month = models.PositiveSmallIntegerField(null=True, blank=True)
    payment_terms_days = models.PositiveSmallIntegerField(default=30)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    # Set before save() to name who made the change; django-simple-history reads it (no column).
    _history_user: "User"

    class Meta:
        verbose_name_plural = "billing rules"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(threshold__gte=0), name="rules_threshold_gte_0"
            ),
            models.CheckConstraint(
                condition=models.Q(calendar_day_of_month__isnull=True)
                | models.Q(calendar_day_of_month__gte=1, calendar_day_of_month__lte=28),
                name="rules_calendar_day_1_28",
            ),
        ]

    def __str__(self) -> str:
        return "Billing rules"


class Invoice(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ON_HOLD = "on_hold", "On hold"
        APPROVED = "approved", "Approved"
        SENT = "sent", "Sent"
        PARTIALLY_PAID = "partially_paid", "Partially paid"
        PAID = "paid", "Paid"
        VOID = "void", "Void"
        REJECTED = "rejected", "Rejected"

    class TrustReview(models.TextChoices):
        NONE = "", "No trust funds proposed"
        PENDING = "pending", "Trust application awaiting approval"
        APPLIED = "applied", "Trust applied"
        DECLINED = "declined", "Trust declined"

    class Trigger(models.TextChoices):
        THRESHOLD = "threshold", "Threshold reached"
        CALENDAR = "calendar", "Billing date"
        FLAT_FEE = "flat_fee", "Flat fee"
        MANUAL = "manual", "Manual"
        MATTER_CLOSED = "matter_closed", "Matter closed"

    # Statuses in which the invoice still holds its activities and its billing period.
    LIVE = (
        Status.DRAFT,
        Status.ON_HOLD,
        Status.APPROVED,
        Status.SENT,
        Status.PARTIALLY_PAID,
        Status.PAID,
    )

    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="invoices")
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    trigger = models.CharField(max_length=20, choices=Trigger)
    # The billing period key, e.g. "2026-11" for the calendar rule or "threshold:2026-11-25T…"
    # (PRODUCT.md §8); with ``live`` it makes "one draft per matter per period" a constraint.
    period_key = models.CharField(max_length=60)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField()
    live = models.BooleanField(default=True)
    # Given at approval from a per-year gapless sequence, so rejected drafts leave no holes.
    number = models.CharField(max_length=20, null=True, blank=True, unique=True)
    currency = models.CharField(max_length=3, default="USD")
    # The live lines' amounts less their write-downs and the discount (never below 0).
    total = models.DecimalField(**MONEY, default=0)
    # What the discount in force takes off (``InvoiceAdjustment``; set by the recompute).
    discount = models.DecimalField(**MONEY, default=0)
    trust_applied = models.DecimalField(**MONEY, default=0)
    # Trust first (PRODUCT.md §3.4): whether a proposal to pay this invoice from the matter's
    # cleared trust funds awaits a decision. Set by the trust app through
    # ``billing/services/trust_first.py``; billing only reads it (a pending one blocks approval).
    trust_review = models.CharField(max_length=10, choices=TrustReview, default=TrustReview.NONE)
    # A disputed invoice never draws on trust (PRODUCT.md §4: disputed amounts stay in trust).
    disputed_at = models.DateTimeField(null=True, blank=True)
    amount_paid = models.DecimalField(**MONEY, default=0)
    due_date = models.DateField(null=True, blank=True)
    payment_url = models.URLField(max_length=1000, blank=True)
    hold_reason = models.CharField(max_length=300, blank=True)
    rejection_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()
    # Set before save() to name who made the change; django-simple-history reads it (no column).
    _history_user: "User"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["matter", "period_key"],
                condition=models.Q(live=True),
                name="invoice_one_live_per_matter_period",
            ),
            models.CheckConstraint(condition=models.Q(total__gte=0), name="invoice_total_gte_0"),
            models.CheckConstraint(
                condition=models.Q(discount__gte=0), name="invoice_discount_gte_0"
            ),
            models.CheckConstraint(
                condition=models.Q(amount_paid__gte=0), name="invoice_amount_paid_gte_0"
            ),
            models.CheckConstraint(
                condition=models.Q(trust_applied__gte=0, trust_applied__lte=models.F("total")),
                name="invoice_trust_applied_within_total",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.number or f"Draft {self.pk}"

    @property
    def amount_due(self) -> Decimal:
        return self.total - self.trust_applied - self.amount_paid


class InvoiceLine(models.Model):
    """One activity (or the flat fee) on an invoice; amounts are Clio's ``total``."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.PROTECT, related_name="invoice_lines"
    )
    # A removed line returns its activity to the pool; ``live`` follows the invoice too.
    live = models.BooleanField(default=True)
    date = models.DateField()
    timekeeper = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    hours = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    rate = models.DecimalField(**MONEY, default=0)
    amount = models.DecimalField(**MONEY)
    # What the write-down in force takes off ``amount`` (``InvoiceAdjustment``; set by the
    # recompute, at most the amount).
    write_down = models.DecimalField(**MONEY, default=0)
    # Flagged when Clio's total disagrees with rounded hours × rate (PRODUCT.md §8).
    amount_mismatch = models.BooleanField(default=False)
    changed_after_invoicing = models.BooleanField(default=False)
    # The activity's ``content_changed_at`` when the line last took its values: a line whose
    # activity has moved on since is out of date (billing/services/drafts.py).
    source_changed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()
    # Set before save() to name who made the change; django-simple-history reads it (no column).
    _history_user: "User"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activity"],
                condition=models.Q(live=True, activity__isnull=False),
                name="activity_on_one_live_invoice",
            ),
            models.CheckConstraint(
                condition=models.Q(write_down__gte=0, write_down__lte=models.F("amount")),
                name="line_write_down_within_amount",
            ),
        ]
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.description[:40]} {self.amount}"


# What an invoice number looks like (PRODUCT.md §8); services/numbering.py hands them out.
NUMBER_FORMAT = "R-{year}-{number:06d}"


class InvoiceNumberSequence(models.Model):
    """Per-year counter; incremented under a row lock so numbers are gapless and race-free."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Payment(models.Model):
    """Money received through LawPay for an invoice, recorded once per LawPay transaction.

    ``invoice`` is empty while the payment is unmatched (it waits in the unmatched queue).
    """

    class Status(models.TextChoices):
        RECORDED = "recorded", "Recorded"
        REVERSED = "reversed", "Reversed"

    class Method(models.TextChoices):
        # LawPay's ``method.type`` of the charge (lawpay-api.md §3); empty when not reported.
        CARD = "card", "Card"
        BANK = "bank", "eCheck"

    invoice = models.ForeignKey(
        Invoice, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    matter = models.ForeignKey(
        Matter, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    lawpay_transaction_id = models.CharField(max_length=64, unique=True)
    lawpay_account_id = models.CharField(max_length=64)
    reference = models.CharField(max_length=128, blank=True)
    amount = models.DecimalField(**MONEY)
    amount_refunded = models.DecimalField(**MONEY, default=0)
    currency = models.CharField(max_length=3, default="USD")
    status = models.CharField(max_length=10, choices=Status, default=Status.RECORDED)
    method = models.CharField(max_length=10, choices=Method, blank=True)
    received_at = models.DateTimeField()
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    matched_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_amount_gt_0"),
            models.CheckConstraint(
                condition=models.Q(amount_refunded__gte=0, amount_refunded__lte=models.F("amount")),
                name="payment_refund_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} via LawPay {self.lawpay_transaction_id}"


class AttentionItem(models.Model):
    """Something that cannot proceed, with the reason and the fix (the "needs attention" list)."""

    class Reason(models.TextChoices):
        MISSING_EMAIL = "missing_email", "Client email missing or invalid"
        MAPPING_CONFLICT = "mapping_conflict", "Matter mapping conflict"
        MATTER_CLOSED = "matter_closed", "Matter closed"
        ZERO_AMOUNT = "zero_amount", "Amount is $0"
        SUSPECTED_DUPLICATE = "suspected_duplicate", "Suspected duplicate"
        DEAD_LETTER = "dead_letter", "A Clio or LawPay call failed"
        CHANGED_AFTER_INVOICING = "changed_after_invoicing", "Entry changed after invoicing"
        OVERPAYMENT = "overpayment", "Overpayment"
        PAYMENT_PAGE_MISSING = "payment_page_missing", "LawPay payment page not set"
        TRUST_PENDING = "trust_pending", "Trust funds await a decision"
        TRUST_MANUAL_STEP = "trust_manual_step", "Trust transaction to record in Clio by hand"
        TRUST_DIFFERENCE = "trust_difference", "Trust balance differs from Clio's"
        WRITE_OFF_REQUESTED = "write_off_requested", "Attorney asks for a write-off"

    invoice = models.ForeignKey(
        Invoice, null=True, blank=True, on_delete=models.CASCADE, related_name="attention_items"
    )
    matter = models.ForeignKey(
        Matter, null=True, blank=True, on_delete=models.CASCADE, related_name="attention_items"
    )
    reason = models.CharField(max_length=40, choices=Reason)
    detail = models.TextField(blank=True)
    fix = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "reason"],
                condition=models.Q(resolved_at__isnull=True, invoice__isnull=False),
                name="attention_open_once_per_invoice_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.detail[:60]}"
