"""The reminder sequence (PRODUCT.md §3 event 5): its steps, business hours and opt-outs.

Admins edit them on the reminder rules page; every change is kept (django-simple-history).
Steps are never deleted once used: a run points at its step, so a retired step is switched off.
"""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from billing.models import Client, Matter

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Monday = 0 … Sunday = 6, as ``date.weekday()``.
WEEKDAYS = [0, 1, 2, 3, 4]


def default_business_days() -> list[int]:
    return list(WEEKDAYS)


class ReminderSettings(models.Model):
    """When reminders may go out (one row): business days and hours in the firm's time zone."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    enabled = models.BooleanField(default=True)
    business_days = models.JSONField(default=default_business_days)
    business_start = models.TimeField(default=time(9, 0))
    business_end = models.TimeField(default=time(17, 0))
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    _history_user: User

    class Meta:
        verbose_name_plural = "reminder settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(business_start__lt=models.F("business_end")),
                name="reminder_hours_start_before_end",
            )
        ]

    def __str__(self) -> str:
        return "Reminder settings"


class ReminderStep(models.Model):
    """One step of the sequence: on day N after the send date, do this action."""

    class Action(models.TextChoices):
        EMAIL = "email", "Reminder email"
        EMAIL_WITH_LINK = "email_with_link", "Reminder email with the direct payment link"
        FLAG_ATTORNEY = "flag_attorney", "Flag for attorney review (Remit desk + Clio task)"

    EMAIL_ACTIONS = (Action.EMAIL, Action.EMAIL_WITH_LINK)

    day_offset = models.PositiveSmallIntegerField(
        help_text="Calendar days after the send date, in the firm's time zone."
    )
    action = models.CharField(max_length=20, choices=Action)
    # Django template text, rendered with the reminder's context (reminders/services/content.py).
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    _history_user: User

    class Meta:
        ordering = ["day_offset", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["day_offset"],
                condition=models.Q(active=True),
                name="reminder_step_one_active_per_day",
            ),
            models.CheckConstraint(
                condition=models.Q(day_offset__gte=1, day_offset__lte=365),
                name="reminder_step_day_1_365",
            ),
        ]

    def __str__(self) -> str:
        return f"Day {self.day_offset}: {self.get_action_display()}"

    @property
    def sends_email(self) -> bool:
        return self.action in self.EMAIL_ACTIONS


class ReminderOptOut(models.Model):
    """A client or a matter that gets no reminders (the client asked, or the firm decided)."""

    client = models.OneToOneField(
        Client, null=True, blank=True, on_delete=models.CASCADE, related_name="reminder_opt_out"
    )
    matter = models.OneToOneField(
        Matter, null=True, blank=True, on_delete=models.CASCADE, related_name="reminder_opt_out"
    )
    reason = models.CharField(max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    _history_user: User

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(client__isnull=False, matter__isnull=True)
                | models.Q(client__isnull=True, matter__isnull=False),
                name="reminder_opt_out_client_xor_matter",
            )
        ]

    def __str__(self) -> str:
        return f"No reminders for {self.client or self.matter}"
