from django.db import models


class IntegrationPermission(models.Model):  # noqa: DJ008 - never displayed
    """Holds the integrations app's permissions; it has no table (roles are groups of these)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("manage_connections", "Can connect Clio and LawPay"),
            ("manage_mappings", "Can edit matter-ID mappings"),
            ("view_integration_health", "Can see integration health, events and dead letters"),
            ("replay_events", "Can replay failed events and deliveries"),
            ("view_sandbox_mailbox", "Can read the sandbox mailbox"),
        ]
