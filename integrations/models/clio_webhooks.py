from django.db import models

from integrations.crypto import EncryptedTextField


class ClioWebhook(models.Model):
    """A webhook subscription Remit holds at Clio; renewed before ``expires_at`` (≤ 31 days)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending handshake"
        ENABLED = "enabled", "Enabled"
        SUSPENDED = "suspended", "Suspended"
        EXPIRED = "expired", "Expired"
        DELETED = "deleted", "Deleted"

    clio_id = models.BigIntegerField(unique=True)
    model = models.CharField(max_length=40)
    url = models.URLField(max_length=500)
    fields = models.CharField(max_length=1000)
    events = models.JSONField(default=list)
    # Keys X-Hook-Signature on every delivery (clio-api.md §4).
    shared_secret = EncryptedTextField()
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_delivery_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Clio {self.model} webhook {self.clio_id} ({self.status})"
