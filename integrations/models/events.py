from django.db import models


class Source(models.TextChoices):
    CLIO = "clio", "Clio"
    LAWPAY = "lawpay", "LawPay"


class InboundEvent(models.Model):
    """A webhook request exactly as received, stored before it is acknowledged (PRODUCT.md §5).

    Verified requests carry a ``dedupe_key`` (Clio: webhook id + body digest, LawPay: event id)
    that the database keeps unique, so a redelivery is stored once. Requests that fail
    verification are kept too, as ``rejected``, with the reason, and never processed.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        PROCESSING = "processing", "Processing"
        PROCESSED = "processed", "Processed"
        FAILED = "failed", "Failed (will retry)"
        DEAD = "dead", "Dead letter"
        REJECTED = "rejected", "Rejected"

    source = models.CharField(max_length=10, choices=Source)
    # NULL for rejected requests, which are kept for audit but never deduplicated.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001
    status = models.CharField(max_length=12, choices=Status, default=Status.RECEIVED)
    # Headers without secrets or credentials; the raw body as it arrived (signatures are over it).
    headers = models.JSONField(default=dict)
    # Rejected requests keep only an excerpt (anyone can post them); sha256 and size are of the
    # whole body. NULL size: stored before sizes were recorded.
    body = models.TextField(blank=True)
    body_sha256 = models.CharField(max_length=64)
    body_size = models.PositiveIntegerField(null=True, blank=True)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    rejection_reason = models.CharField(max_length=200, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "dedupe_key"],
                condition=models.Q(dedupe_key__isnull=False),
                name="inbound_event_once",
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_source_display()} event {self.pk} ({self.status})"


class OutboxMessage(models.Model):
    """An outbound effect (Clio note, LawPay call, email) recorded in the business transaction.

    A worker delivers it later with retries (``integrations/outbox/``). ``dedupe_key`` is
    unique, so recording the same effect twice is a no-op rather than a second call.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (will retry)"
        DEAD = "dead", "Dead letter"

    kind = models.CharField(max_length=60)
    dedupe_key = models.CharField(max_length=200, unique=True)
    # What the effect concerns, for the matter timeline and per-aggregate ordering.
    aggregate = models.CharField(max_length=100, blank=True, db_index=True)
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # What the other side answered (e.g. the id of the Clio note), for audit and follow-ups.
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.dedupe_key} ({self.status})"
