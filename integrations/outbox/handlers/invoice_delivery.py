"""``invoice.deliver``: billing's delivery policy (``billing.services.delivery.invoice_deliver``)
run with what only the integrations know: the client's email in Clio, LawPay's charges."""

from __future__ import annotations

from typing import Any

from billing.services.delivery import invoice_deliver
from integrations.clio.connection import clio_client
from integrations.lawpay.connection import lawpay_client, lawpay_connection
from integrations.models import OutboxMessage
from integrations.outbox.registry import outbox_handler
from integrations.outbox.relay import outbox_message_progress


def client_email_from_clio(*, clio_contact_id: int) -> str:
    """The client's primary email as Clio has it now (PRODUCT.md §8: re-read at send time)."""
    contact = clio_client().get(
        f"contacts/{clio_contact_id}.json", fields=["id", "primary_email_address"]
    )
    return str(contact.data.get("primary_email_address") or "").strip()


def lawpay_charges_with_reference(*, reference: str) -> list[str]:
    """Live LawPay transactions on the operating accounts (card and eCheck) that already carry
    ``reference``: a client may have paid the first link by bank."""
    connection = lawpay_connection()
    client = lawpay_client()
    return [
        f"{t.id} ({t.status}, {t.amount} USD)"
        for account_id in connection.operating_account_ids
        for t in client.transactions_search(account_id=account_id, reference=reference)
        if t.is_live
    ]


@outbox_handler("invoice.deliver")
def invoice_deliver_handler(message: OutboxMessage) -> dict[str, Any]:
    """Payload: ``invoice_id``. Emails are sent at least once; everything else exactly once."""
    return invoice_deliver(
        invoice_id=int(message.payload["invoice_id"]),
        sent_to=str(message.result.get("sent_to") or ""),
        client_email=lambda contact_id: client_email_from_clio(clio_contact_id=contact_id),
        charges_with_reference=lambda reference: lawpay_charges_with_reference(reference=reference),
        emailed=lambda email: outbox_message_progress(message=message, result={"sent_to": email}),
    )
