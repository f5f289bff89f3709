from django.db import models


class ReminderPermission(models.Model):  # noqa: DJ008 - never displayed
    """Holds the reminders app's permissions; it has no table (roles are groups of these)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_flagged_matters", "Can see matters flagged overdue and act on them"),
            ("manage_reminder_rules", "Can change reminder steps"),
            ("view_all_flags", "Can see and act on every matter's overdue flags"),
            ("send_reminders", "Can send a reminder now"),
        ]
