from django.db import models


class TrustPermission(models.Model):  # noqa: DJ008 - never displayed
    """Holds the trust app's permissions; it has no table (roles are groups of these)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_trust_ledger", "Can see trust ledgers and reconciliation reports"),
            ("apply_trust_funds", "Can approve applying trust funds to an invoice"),
            ("reconcile_trust", "Can sign off a three-way reconciliation"),
            ("manage_trust_rules", "Can change trust rules"),
        ]
