from django.db import models


class BillingPermission(models.Model):  # noqa: DJ008 - never displayed
    """Holds the billing app's permissions; it has no table (roles are groups of these)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("review_invoices", "Can review, edit, approve, hold and reject draft invoices"),
            ("view_all_invoices", "Can see invoices on every matter"),
            ("match_payments", "Can match unmatched payments to invoices"),
            ("manage_billing_rules", "Can change billing rules"),
        ]
