from django.db import models

from integrations.models.events import Source


class SyncState(models.Model):
    """Progress of the backfill and the incremental sweep, per source and resource.

    The backfill stores its cursor after every page so that it resumes after a crash.
    """

    source = models.CharField(max_length=10, choices=Source)
    resource = models.CharField(max_length=40)
    backfill_cursor = models.TextField(blank=True)
    backfill_started_at = models.DateTimeField(null=True, blank=True)
    backfill_finished_at = models.DateTimeField(null=True, blank=True)
    records_synced = models.PositiveIntegerField(default=0)
    # What Clio says the resource holds (``meta.records``), for the ETA; empty when not sent.
    records_total = models.PositiveIntegerField(null=True, blank=True)
    pages_fetched = models.PositiveIntegerField(default=0)
    api_calls = models.PositiveIntegerField(default=0)
    last_sweep_at = models.DateTimeField(null=True, blank=True)
    # The high-water mark the next sweep asks for (``updated_since`` / ``start_date``).
    sweep_since = models.DateTimeField(null=True, blank=True)
    last_sweep_healed = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "resource"], name="sync_state_once")
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.resource}"
