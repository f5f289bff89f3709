"""Money the ledger moved that still has to move at the bank: earned fees, trust → operating.

Clio's API cannot record a bank transfer (clio-api.md §5.11: ``bank_transfers`` is GET only),
and Remit does not move money itself, so each earned-fee withdrawal lists a transfer for staff
to execute; they confirm it with the bank's reference, or a matched statement line does.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from trust.models.ledger import TRUST_MONEY, TrustEntry


class TrustTransfer(models.Model):
    entry = models.OneToOneField(TrustEntry, on_delete=models.PROTECT, related_name="transfer")
    amount = models.DecimalField(**TRUST_MONEY)
    created_at = models.DateTimeField(auto_now_add=True)
    executed_at = models.DateTimeField(null=True, blank=True)
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    bank_reference = models.CharField(max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="trust_transfer_amount_gt_0"),
            models.CheckConstraint(
                condition=Q(executed_at__isnull=True) | ~Q(bank_reference=""),
                name="trust_transfer_executed_has_reference",
            ),
        ]

    def __str__(self) -> str:
        return f"Transfer ${self.amount} trust → operating (entry {self.entry_id})"
