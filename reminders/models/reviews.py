"""The attorney's desk: an overdue invoice handed to its matter's attorney, and what they did.

One review per invoice (the flag step makes it). Its state is what the attorney chose; whether
the invoice is still unpaid is read from the invoice, so a payment needs no write here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from billing.models import Invoice, Matter
from reminders.models.runs import ReminderRun


class AttorneyReview(models.Model):
    class State(models.TextChoices):
        OPEN = "open", "Waiting for the attorney"
        SNOOZED = "snoozed", "Snoozed"
        DISPUTED = "disputed", "Disputed"
        WRITE_OFF_REQUESTED = "write_off_requested", "Write-off requested"

    invoice = models.OneToOneField(
        Invoice, on_delete=models.PROTECT, related_name="attorney_review"
    )
    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="attorney_reviews")
    run = models.OneToOneField(
        ReminderRun, null=True, blank=True, on_delete=models.PROTECT, related_name="review"
    )
    state = models.CharField(max_length=20, choices=State, default=State.OPEN)
    snoozed_until = models.DateField(null=True, blank=True)
    # The Clio user the task went to (responsible attorney, else originating), by name.
    assigned_to = models.CharField(max_length=200, blank=True)
    flagged_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["flagged_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="snoozed") | models.Q(snoozed_until__isnull=False),
                name="review_snooze_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"Review of {self.invoice}"


class ReviewAction(models.Model):
    """Append-only: what someone did on a review, in order (the desk's history)."""

    class Kind(models.TextChoices):
        FLAGGED = "flagged", "Flagged"
        CALL_LOGGED = "call_logged", "Call logged"
        SNOOZED = "snoozed", "Snoozed"
        RESUMED = "resumed", "Resumed"
        DISPUTED = "disputed", "Marked disputed"
        WRITE_OFF_REQUESTED = "write_off_requested", "Write-off requested"

    review = models.ForeignKey(AttorneyReview, on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(max_length=20, choices=Kind)
    note = models.TextField(blank=True)
    until = models.DateField(null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.review}"
