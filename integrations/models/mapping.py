from django.db import models
from simple_history.models import HistoricalRecords

from billing.models import Matter

LAWPAY_REFERENCE_MAX = 128  # lawpay-api.md §3 "reference"


class MatterMapping(models.Model):
    """Clio matter ↔ display number ↔ LawPay reference ↔ the LawPay accounts used.

    Created when a matter appears. Conflicts (two matters on one reference, a reference over
    LawPay's 128 characters, a display number renamed in Clio) are flagged for an admin, never
    resolved silently; only mappings without a conflict must have a unique reference.
    """

    class Status(models.TextChoices):
        OK = "ok", "OK"
        CONFLICT = "conflict", "Conflict"

    matter = models.OneToOneField(Matter, on_delete=models.PROTECT, related_name="mapping")
    clio_matter_id = models.BigIntegerField(unique=True)
    display_number = models.CharField(max_length=200)
    reference = models.CharField(max_length=300)
    reference_overridden = models.BooleanField(default=False)
    lawpay_operating_account_id = models.CharField(max_length=100, blank=True)
    lawpay_trust_account_id = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.OK)
    conflict_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reference"],
                condition=models.Q(status="ok"),
                name="matter_mapping_reference_unique_when_ok",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_number} → {self.reference}"
