"""``invoice.resend``: billing's resend policy (``billing.services.resend``) run with the
client's email as Clio has it now."""

from __future__ import annotations

from typing import Any

from billing.services.resend import RESEND_KIND, invoice_resend_deliver
from integrations.models import OutboxMessage
from integrations.outbox.handlers.invoice_delivery import client_email_from_clio
from integrations.outbox.registry import outbox_handler
from integrations.outbox.relay import outbox_message_progress


@outbox_handler(RESEND_KIND)
def invoice_resend_handler(message: OutboxMessage) -> dict[str, Any]:
    """Payload: ``invoice_id``, ``requested_by``. The email is sent at least once."""
    return invoice_resend_deliver(
        invoice_id=int(message.payload["invoice_id"]),
        message_key=message.dedupe_key,
        requested_by=str(message.payload.get("requested_by") or ""),
        sent_to=str(message.result.get("sent_to") or ""),
        client_email=lambda contact_id: client_email_from_clio(clio_contact_id=contact_id),
        emailed=lambda email: outbox_message_progress(message=message, result={"sent_to": email}),
    )
