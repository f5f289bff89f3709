"""Trust first (PRODUCT.md §3 event 4): a proposal to pay a draft from the matter's cleared
trust funds, decided by someone holding the "apply trust" permission."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from billing.models import Invoice
from trust.models.ledger import TRUST_MONEY, MatterLedger, TrustEntry


class TrustApplication(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Awaiting approval"
        APPLIED = "applied", "Applied"
        DECLINED = "declined", "Declined"
        # The figures it was made on changed (balance or invoice total): a new proposal
        # replaced it, so no one approves stale numbers.
        SUPERSEDED = "superseded", "Superseded"

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="trust_applications"
    )
    ledger = models.ForeignKey(MatterLedger, on_delete=models.PROTECT, related_name="applications")
    amount = models.DecimalField(**TRUST_MONEY)
    # What the proposal was computed from; approval recomputes both and refuses on a change.
    available_seen = models.DecimalField(**TRUST_MONEY)
    invoice_total_seen = models.DecimalField(**TRUST_MONEY)
    status = models.CharField(max_length=10, choices=Status, default=Status.PROPOSED)
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decline_reason = models.CharField(max_length=300, blank=True)
    entry = models.OneToOneField(
        TrustEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="application"
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="trust_application_amount_gt_0"),
            models.UniqueConstraint(
                fields=["invoice"],
                condition=Q(status="proposed"),
                name="trust_application_one_open_per_invoice",
            ),
            models.UniqueConstraint(
                fields=["invoice"],
                condition=Q(status="applied"),
                name="trust_application_one_applied_per_invoice",
            ),
            models.CheckConstraint(
                condition=~Q(status="applied") | Q(entry__isnull=False),
                name="trust_application_applied_has_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"${self.amount} from trust for {self.invoice}"

    @property
    def remainder(self) -> Decimal:
        """What the payment link would ask for once this is applied."""
        return max(self.invoice_total_seen - self.amount, Decimal("0.00"))
