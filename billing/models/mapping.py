from typing import TYPE_CHECKING

from django.db import models
from simple_history.models import HistoricalRecords

from billing.models.clio import Matter

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The payment processor's longest reference (LawPay: lawpay-api.md §3 "reference").
PAYMENT_REFERENCE_MAX = 128


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
    history = HistoricalRecords(table_name="integrations_historicalmattermapping")
    # Set before save() to say who made the change and why; django-simple-history reads them
    # (no columns of this model).
    _history_user: "User"
    _change_reason: str

    class Meta:
        # Moved from the integrations app (billing migration 0007); the table kept its name.
        db_table = "integrations_mattermapping"
        constraints = [
            models.UniqueConstraint(
                fields=["reference"],
                condition=models.Q(status="ok"),
                name="matter_mapping_reference_unique_when_ok",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_number} → {self.reference}"
