from django.db import models
from django.utils import timezone

# Enough to tell an admin what broke; the full traceback stays in the worker's log.
TASK_ERROR_MAX = 500


class PeriodicTaskHealth(models.Model):
    """When one periodic task (a django-celery-beat entry, by its name) last started, succeeded
    and failed, written by Celery signals (``config/celery.py``) so a failing or silent task
    shows on the integration health page.

    Keyed by the schedule entry, not the Celery task: ``integrations.outbox_relay`` runs as
    three entries (Clio, LawPay, other) that fail and stall separately.
    """

    name = models.CharField(max_length=200, unique=True)
    task = models.CharField(max_length=200)
    # Since when a run is expected: the schedule's creation (or first run seen), so a task that
    # never succeeded becomes overdue only after three intervals of a running system.
    expected_since = models.DateTimeField(default=timezone.now)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_succeeded_at = models.DateTimeField(null=True, blank=True)
    last_failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=TASK_ERROR_MAX, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "periodic task health"
        verbose_name_plural = "periodic task health"

    def __str__(self) -> str:
        return self.name
