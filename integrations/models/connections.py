from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from integrations.crypto import EncryptedTextField


class ClioConnection(models.Model):
    """The firm's connection to Clio Manage: one per Remit installation."""

    class Status(models.TextChoices):
        DISCONNECTED = "disconnected", "Not connected"
        CONNECTED = "connected", "Connected"
        REVOKED = "revoked", "Access revoked"

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    base_url = models.URLField()
    client_id = models.CharField(max_length=200)
    client_secret = EncryptedTextField()
    access_token = EncryptedTextField(blank=True)
    refresh_token = EncryptedTextField(blank=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.DISCONNECTED)
    clio_user_name = models.CharField(max_length=200, blank=True)
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    connected_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Who connected, refreshed or disconnected when; the encrypted columns are left out so
    # the history never holds a second copy of a token.
    history = HistoricalRecords(excluded_fields=["client_secret", "access_token", "refresh_token"])

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(singleton=True), name="clio_connection_one")
        ]

    def __str__(self) -> str:
        return f"Clio at {self.base_url} ({self.get_status_display()})"


class LawPayConnection(models.Model):
    """The firm's LawPay merchant: keys, the two processing accounts, the events URL token."""

    class Mode(models.TextChoices):
        TEST = "test", "Test"
        LIVE = "live", "Live"

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    base_url = models.URLField()
    mode = models.CharField(max_length=4, choices=Mode, default=Mode.TEST)
    secret_key = EncryptedTextField()
    public_key = EncryptedTextField(blank=True)
    operating_account_id = models.CharField(max_length=100, blank=True)
    operating_account_name = models.CharField(max_length=200, blank=True)
    trust_account_id = models.CharField(max_length=100, blank=True)
    trust_account_name = models.CharField(max_length=200, blank=True)
    # The eCheck (ACH) account deposited with each card account: a client paying by bank on
    # the operating page lands here, and trust vs operating still decides by account id.
    operating_ach_account_id = models.CharField(max_length=100, blank=True)
    trust_ach_account_id = models.CharField(max_length=100, blank=True)
    # The hosted pages that payment links point at; listing them needs partner OAuth in the
    # real API (lawpay-api.md §4), so the admin may paste them.
    operating_page_url = models.URLField(blank=True)
    trust_page_url = models.URLField(blank=True)
    # LawPay does not sign its event posts (lawpay-api.md §5): the receiver URL carries this
    # long random token instead, compared in constant time.
    webhook_token = EncryptedTextField()
    webhook_registered_url = models.URLField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["secret_key", "public_key", "webhook_token"])

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(singleton=True), name="lawpay_connection_one"
            ),
            models.CheckConstraint(
                condition=~models.Q(operating_account_id=models.F("trust_account_id"))
                | models.Q(operating_account_id=""),
                name="lawpay_operating_is_not_trust",
            ),
        ]

    def __str__(self) -> str:
        return f"LawPay ({self.get_mode_display()} mode)"

    @property
    def operating_account_ids(self) -> list[str]:
        return [a for a in (self.operating_account_id, self.operating_ach_account_id) if a]

    @property
    def trust_account_ids(self) -> list[str]:
        return [a for a in (self.trust_account_id, self.trust_ach_account_id) if a]
