"""``invoice.deliver``: duplicate checks, the client's email from Clio, the email, ``sent``."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from billing.models import AttentionItem, Invoice
from billing.services.attention import attention_item_open
from billing.services.delivery import (
    invoice_email_build,
    invoice_email_subject,
    invoice_mark_sent,
    invoice_recipient_set,
    invoice_reference,
)
from billing.services.duplicates import invoice_duplicate_block, invoice_duplicates_find
from integrations.clio.connection import clio_client
from integrations.lawpay.connection import lawpay_client, lawpay_connection
from integrations.models import MatterMapping, OutboxMessage
from integrations.outbox.registry import outbox_handler
from integrations.outbox.relay import outbox_message_progress

logger = logging.getLogger(__name__)


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
def invoice_deliver(message: OutboxMessage) -> dict[str, Any]:
    """Payload: ``invoice_id``. Emails are sent at least once; everything else exactly once."""
    invoice = Invoice.objects.select_related("matter", "matter__client").get(
        pk=message.payload["invoice_id"]
    )
    if message.result.get("sent_to"):
        # The email went out on an earlier attempt; only the status change may be missing.
        invoice_mark_sent(
            invoice_id=invoice.pk,
            recipient=message.result["sent_to"],
            subject=invoice_email_subject(invoice=invoice),
        )
        return message.result
    if invoice.status != Invoice.Status.APPROVED:
        return {"skipped": f"invoice is {invoice.status}"}
    client = invoice.matter.client
    email = client_email_from_clio(clio_contact_id=client.clio_id) if client else ""
    try:
        validate_email(email)
    except ValidationError:
        attention_item_open(
            invoice=invoice,
            reason=AttentionItem.Reason.MISSING_EMAIL,
            detail=f"Clio has no valid email for {client.name if client else 'the client'} "
            f"({email or 'none'}), so {invoice.number} was not sent.",
            fix="Add the client's primary email in Clio, then replay this delivery.",
        )
        return {"blocked": "missing_email"}
    mapping = MatterMapping.objects.get(matter=invoice.matter)
    reference = invoice_reference(invoice=invoice, mapping=mapping)
    evidence = [
        f"LawPay already has {found} with reference {reference}"
        for found in lawpay_charges_with_reference(reference=reference)
    ]
    evidence += [
        f"invoice {other.number} ({other.get_status_display().lower()}) covers the same "
        f"matter, period and total"
        for other in invoice_duplicates_find(invoice=invoice)
    ]
    if evidence:
        invoice_duplicate_block(invoice=invoice, evidence=evidence)
        return {"blocked": "suspected_duplicate", "evidence": evidence}
    invoice_recipient_set(invoice=invoice, email=email)
    invoice_email_build(invoice=invoice, recipient=email).send()
    outbox_message_progress(message=message, result={"sent_to": email})
    invoice_mark_sent(
        invoice_id=invoice.pk, recipient=email, subject=invoice_email_subject(invoice=invoice)
    )
    logger.info("invoice %s emailed", invoice.number)
    return {"sent_to": email, "reference": reference}
