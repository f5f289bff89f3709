"""Requests to the client to pay money into trust: a replenishment when a matter's balance falls
below its evergreen minimum (PRODUCT.md §3.4), sent as a link to the processor's trust page."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from trust.models.ledger import TRUST_MONEY, MatterLedger


class TrustRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent to the client"
        MET = "met", "Met: the balance is back above the minimum"
        BLOCKED = "blocked", "Not sent (see needs attention)"

    OPEN = (Status.PENDING, Status.SENT, Status.BLOCKED)

    ledger = models.ForeignKey(MatterLedger, on_delete=models.PROTECT, related_name="requests")
    amount = models.DecimalField(**TRUST_MONEY)
    minimum = models.DecimalField(**TRUST_MONEY)
    balance_seen = models.DecimalField(**TRUST_MONEY)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    payment_url = models.URLField(max_length=1000, blank=True)
    sent_to = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    met_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="trust_request_amount_gt_0"),
            # One open request per matter ledger: a falling balance never sends a second email.
            models.UniqueConstraint(
                fields=["ledger"],
                condition=Q(status__in=["pending", "sent", "blocked"]),
                name="trust_request_one_open_per_ledger",
            ),
        ]

    def __str__(self) -> str:
        return f"Replenish ${self.amount} into trust for {self.ledger.matter}"
