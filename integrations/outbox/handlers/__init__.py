"""Every outbox handler, by the kind it delivers (importing registers them)."""

from integrations.outbox.handlers import (  # noqa: F401 - importing registers the handlers
    admin_alert,
    clio_billing_status,
    clio_communication,
    clio_note,
    clio_task,
    clio_trust,
    invoice_delivery,
    invoice_resend,
    reminder_delivery,
    trust_request,
)
