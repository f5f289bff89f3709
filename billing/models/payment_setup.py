from django.db import models


class PaymentSetup(models.Model):
    """What billing knows of the firm's payment processor: whether it is connected, its
    accounts, and the hosted payment page invoices link to.

    The processor's adapter keeps this row in step with its connection (``integrations/lawpay/
    setup_mirror.py``, on every save), so billing decides from its own tables — in SQL where
    the review queue needs it — and never imports the adapter.
    """

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    connected = models.BooleanField(default=False)
    operating_account_id = models.CharField(max_length=100, blank=True)
    trust_account_id = models.CharField(max_length=100, blank=True)
    # Every account the processor keeps as trust (card and ACH): payments into them are trust
    # deposits, never invoice payments.
    trust_account_ids = models.JSONField(default=list, blank=True)
    payment_page_url = models.URLField(blank=True)
    # The processor's hosted page for trust deposits (retainer and replenishment requests).
    trust_page_url = models.URLField(blank=True)
    # Each deposit account the processor connection knows, with its name, so matter mappings
    # choose accounts instead of typing ids: [{"id", "name", "purpose", "method"}].
    accounts = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(singleton=True), name="payment_setup_one")
        ]

    def __str__(self) -> str:
        return "Payment processor set up" if self.connected else "No payment processor"
