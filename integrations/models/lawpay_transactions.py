from django.db import models

from billing.models import Matter


class LawPayTransaction(models.Model):
    """A LawPay transaction as last re-fetched from the gateway (never from a webhook body).

    ``matter`` is resolved through the matter mapping by reference; a transaction that
    resolves to nothing keeps ``matter`` empty and is shown for staff to match.
    """

    lawpay_id = models.CharField(max_length=64, unique=True)
    account_id = models.CharField(max_length=64)
    type = models.CharField(max_length=20)  # CHARGE | REFUND | …
    status = models.CharField(max_length=20)  # PENDING | AUTHORIZED | COMPLETED | VOIDED | FAILED
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    amount_refunded = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    currency = models.CharField(max_length=3, default="USD")
    reference = models.CharField(max_length=128, blank=True, db_index=True)
    parent_lawpay_id = models.CharField(max_length=64, blank=True)
    failure_code = models.CharField(max_length=80, blank=True)
    method_type = models.CharField(max_length=20, blank=True)
    lawpay_created_at = models.DateTimeField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    raw = models.JSONField(default=dict)
    matter = models.ForeignKey(
        Matter, null=True, blank=True, on_delete=models.PROTECT, related_name="lawpay_transactions"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"LawPay {self.type} {self.lawpay_id} {self.amount} {self.status}"
