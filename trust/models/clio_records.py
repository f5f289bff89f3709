"""What each mirrored trust entry became in Clio: a bank transaction, or a step for a person.

Written by the ``clio.trust.transaction`` adapter through ``trust/services/clio_records.py``
once Clio has the transaction (and Remit's copy of Clio's figures is fresh), or once Clio
refused it and a person has to enter it by hand. An entry without a record whose outbox
message is still on its way is "pending": the cross-check does not flag its matter yet.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from trust.models.ledger import TrustEntry

# The outbox kind the Clio adapter delivers, and the entries Clio's trust account also shows as
# money in or out (``trust/services/clio_mirror.py`` records them; the cross-check reads these).
CLIO_MIRROR_KIND = "clio.trust.transaction"
CLIO_MIRRORED_KINDS = (
    TrustEntry.Kind.DEPOSIT,
    TrustEntry.Kind.WITHDRAWAL,
    TrustEntry.Kind.REFUND,
    TrustEntry.Kind.REVERSAL,
)


class TrustClioRecord(models.Model):
    class Status(models.TextChoices):
        RECORDED = "recorded", "Recorded in Clio"
        MANUAL = "manual", "To enter in Clio by hand"

    entry = models.OneToOneField(TrustEntry, on_delete=models.PROTECT, related_name="clio_record")
    status = models.CharField(max_length=10, choices=Status)
    # Clio has no idempotency key: the id is what a retry checks before posting again.
    clio_bank_transaction_id = models.BigIntegerField(null=True, blank=True, unique=True)
    clio_note_id = models.BigIntegerField(null=True, blank=True)
    # The manual step: what Clio answered and exactly what to enter (account, matter, client,
    # amount, date, description).
    clio_error = models.CharField(max_length=500, blank=True)
    manual_step = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status="recorded", clio_bank_transaction_id__isnull=False)
                | Q(status="manual", clio_bank_transaction_id__isnull=True),
                name="trust_clio_record_shape",
            )
        ]

    def __str__(self) -> str:
        if self.status == self.Status.RECORDED:
            return f"Entry {self.entry_id} → Clio bank transaction {self.clio_bank_transaction_id}"
        return f"Entry {self.entry_id}: to enter in Clio by hand"
