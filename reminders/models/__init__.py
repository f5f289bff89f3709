"""The reminders app's models: the sequence, what it did per invoice, the attorney's desk."""

from reminders.models.permissions import ReminderPermission
from reminders.models.reviews import AttorneyReview, ReviewAction
from reminders.models.rules import ReminderOptOut, ReminderSettings, ReminderStep
from reminders.models.runs import ReminderRun

__all__ = [
    "AttorneyReview",
    "ReminderOptOut",
    "ReminderPermission",
    "ReminderRun",
    "ReminderSettings",
    "ReminderStep",
    "ReviewAction",
]
