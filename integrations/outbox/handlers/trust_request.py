"""``trust.request.deliver``: trust's replenishment-request policy
(``trust.services.requests.trust_request_deliver``) run with the client's email as Clio has it."""

from __future__ import annotations

from typing import Any

from integrations.models import OutboxMessage
from integrations.outbox.handlers.invoice_delivery import client_email_from_clio
from integrations.outbox.registry import outbox_handler
from integrations.outbox.relay import outbox_message_progress
from trust.services.requests import REQUEST_KIND, trust_request_deliver


@outbox_handler(REQUEST_KIND)
def trust_request_deliver_handler(message: OutboxMessage) -> dict[str, Any]:
    """Payload: ``request_id``. The email is sent at least once; the rest exactly once."""
    return trust_request_deliver(
        request_id=int(message.payload["request_id"]),
        sent_to=str(message.result.get("sent_to") or ""),
        client_email=lambda contact_id: client_email_from_clio(clio_contact_id=contact_id),
        emailed=lambda email: outbox_message_progress(message=message, result={"sent_to": email}),
    )
