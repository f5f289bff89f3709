"""Outbox handlers for delivery and payments (imported by ``IntegrationsConfig.ready``)."""

from integrations.handlers import (  # noqa: F401 - importing registers the handlers
    admin_alert,
    clio_billing_status,
    clio_communication,
    invoice_delivery,
)
