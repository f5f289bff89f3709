"""What billing staff change on a draft's amounts before approval, with who and why.

Append-only: an adjustment is never edited. A new write-down of a line (or a new discount of
the invoice) replaces the one in force, which keeps its row with ``replaced_at`` set; a
withdrawn one is replaced by nothing. What the adjustments in force take off is applied to the
invoice by ``invoice_total_recompute`` (``InvoiceLine.write_down``, ``Invoice.discount``);
Clio's line amounts stay as they are.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from billing.models.clio import MONEY
from billing.models.invoices import Invoice, InvoiceLine

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class InvoiceAdjustment(models.Model):
    class Kind(models.TextChoices):
        WRITE_DOWN = "write_down", "Write-down"
        EXCLUDE = "exclude", "Line excluded"
        DISCOUNT = "discount", "Discount"

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="adjustments")
    # The line written down or excluded; empty for an invoice-level discount.
    line = models.ForeignKey(
        InvoiceLine, null=True, blank=True, on_delete=models.CASCADE, related_name="adjustments"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    # Amount off (write-down, fixed discount) or the line's amount (exclusion); empty for a
    # discount given as a percentage.
    amount = models.DecimalField(**MONEY, null=True, blank=True)
    percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    # The line's (Clio's) amount when the adjustment was recorded: a line that moved on since
    # is shown as changed after its write-down.
    line_amount = models.DecimalField(**MONEY, null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When a later write-down of the line (or discount of the invoice) took its place, or it
    # was withdrawn; the history names who did it.
    replaced_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()
    # Set before save() to name who made the change; django-simple-history reads it (no column).
    _history_user: "User"

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind="write_down",
                        line__isnull=False,
                        amount__gt=0,
                        percent__isnull=True,
                    )
                    | models.Q(
                        kind="exclude", line__isnull=False, amount__gte=0, percent__isnull=True
                    )
                    | models.Q(
                        kind="discount", line__isnull=True, amount__gt=0, percent__isnull=True
                    )
                    | models.Q(
                        kind="discount",
                        line__isnull=True,
                        amount__isnull=True,
                        percent__gt=0,
                        percent__lte=100,
                    )
                ),
                name="adjustment_kind_shape",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="exclude") | ~models.Q(reason=""),
                name="adjustment_reason_given",
            ),
            models.UniqueConstraint(
                fields=["line"],
                condition=models.Q(kind="write_down", replaced_at__isnull=True),
                name="adjustment_one_write_down_per_line",
            ),
            models.UniqueConstraint(
                fields=["invoice"],
                condition=models.Q(kind="discount", replaced_at__isnull=True),
                name="adjustment_one_discount_per_invoice",
            ),
        ]

    def __str__(self) -> str:
        what = f"{self.percent}%" if self.percent is not None else f"${self.amount}"
        return f"{self.get_kind_display()} {what}: {self.reason[:40]}"
