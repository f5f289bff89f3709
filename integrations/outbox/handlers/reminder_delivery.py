"""``reminder.deliver``: the reminders app's policy (``reminders.services.delivery``) run with
the client's email as Clio has it now."""

from __future__ import annotations

from typing import Any

from integrations.models import OutboxMessage
from integrations.outbox.handlers.invoice_delivery import client_email_from_clio
from integrations.outbox.registry import outbox_handler
from integrations.outbox.relay import outbox_message_progress
from reminders.services.delivery import reminder_deliver
from reminders.services.scan import DELIVER_KIND


@outbox_handler(DELIVER_KIND)
def reminder_deliver_handler(message: OutboxMessage) -> dict[str, Any]:
    """Payload: ``run_id``. The email is sent at least once; the rest exactly once."""
    return reminder_deliver(
        run_id=int(message.payload["run_id"]),
        sent_to=str(message.result.get("sent_to") or ""),
        client_email=lambda contact_id: client_email_from_clio(clio_contact_id=contact_id),
        emailed=lambda email: outbox_message_progress(message=message, result={"sent_to": email}),
    )
