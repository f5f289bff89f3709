"""What the sequence did for an invoice: one row per (invoice, step), claimed before sending.

The unique constraint is the "exactly once" (trust-accounting-rules.md §3: one reminder per
invoice and stage, claimed in the database before sending): two scans at once, a scan run twice
or a manual send racing the scan all meet it, and only one of them sends.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from billing.models import Invoice
from billing.models.clio import MONEY
from reminders.models.rules import ReminderStep


class ReminderRun(models.Model):
    class Status(models.TextChoices):
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FLAGGED = "flagged", "Flagged for the attorney"
        SKIPPED = "skipped", "Skipped"

    class Reason(models.TextChoices):
        NONE = "", "—"
        PAID = "paid", "Invoice paid"
        VOID = "void", "Invoice void"
        DISPUTED = "disputed", "Invoice disputed"
        SNOOZED = "snoozed", "Reminders snoozed"
        OPTED_OUT_CLIENT = "opted_out_client", "Client opted out"
        OPTED_OUT_MATTER = "opted_out_matter", "Matter opted out"
        MATTER_CLOSED = "matter_closed", "Matter closed"
        MISSED = "missed", "A later step was due (missed while Remit was not scanning)"
        NOTHING_DUE = "nothing_due", "Nothing left to pay"
        NO_EMAIL = "no_email", "Client email missing in Clio"
        SEQUENCE_OFF = "sequence_off", "Reminders switched off"

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="reminder_runs")
    step = models.ForeignKey(ReminderStep, on_delete=models.PROTECT, related_name="runs")
    # Copied at the claim: a step edited later does not rewrite what happened.
    day_offset = models.PositiveSmallIntegerField()
    action = models.CharField(max_length=20, choices=ReminderStep.Action)
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status)
    reason = models.CharField(max_length=20, choices=Reason, blank=True, default=Reason.NONE)
    detail = models.CharField(max_length=300, blank=True)
    manual = models.BooleanField(default=False)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount_due = models.DecimalField(**MONEY, null=True, blank=True)
    payment_url = models.URLField(max_length=1000, blank=True)
    recipient = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    claimed_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["invoice", "day_offset", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "step"], name="reminder_once_per_step"),
            models.CheckConstraint(
                condition=~models.Q(status="skipped") | ~models.Q(reason=""),
                name="reminder_skip_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invoice} day {self.day_offset}: {self.get_status_display()}"
