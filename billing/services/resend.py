"""Sending a sent invoice's email again, at a person's request ("Resend").

``invoice_email_resend`` records an ``invoice.resend`` outbox row; each press of the button
carries a fresh idempotency key from the form, so a double submit of one form records one row
and a second press records a second. Its handler (``integrations/outbox/handlers/
invoice_resend.py``) runs ``invoice_resend_deliver`` with the client's email as Clio has it now,
and the Clio note and EmailCommunication follow as outbox rows, as for the first email.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from billing.models import Invoice
from billing.selectors import invoice_aggregate
from billing.services.delivery import (
    invoice_current_payment_link,
    invoice_email_build,
    invoice_email_subject,
)
from billing.services.review import InvoiceTransitionError
from integrations.outbox.record import outbox_record, outbox_recorded

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

RESEND_KIND = "invoice.resend"
RESENDABLE = (Invoice.Status.SENT, Invoice.Status.PARTIALLY_PAID)
_KEY = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class Resend:
    message_id: int
    created: bool  # False: this form's key was recorded before (a double submit)


def invoice_email_resend(*, invoice: Invoice, user: User | None, key: str) -> Resend:
    """Record one resend of ``invoice``'s email under the form's idempotency ``key`` (32 hex
    digits); raises ``InvoiceTransitionError`` for a bad key or an invoice not awaiting payment.

    Holds the invoice row lock, so a payment or a void at the same moment is seen.
    """
    if not _KEY.fullmatch(key):
        raise InvoiceTransitionError("This form is out of date; reload the page and try again.")
    dedupe_key = f"{RESEND_KIND}:{invoice.pk}:{key}"
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if outbox_recorded(dedupe_key=dedupe_key):
            message = outbox_record(kind=RESEND_KIND, dedupe_key=dedupe_key, payload={})
            return Resend(message_id=message.pk, created=False)
        if invoice.status not in RESENDABLE or invoice.amount_due <= 0:
            raise InvoiceTransitionError(
                f"Invoice {invoice} is {invoice.get_status_display().lower()}; only a sent "
                "invoice with an amount due is emailed again."
            )
        message = outbox_record(
            kind=RESEND_KIND,
            dedupe_key=dedupe_key,
            payload={
                "invoice_id": invoice.pk,
                "requested_by": user.get_username() if user is not None else "",
                "requested_by_id": user.pk if user is not None else None,
                "requested_at": timezone.now().isoformat(),
            },
            aggregate=invoice_aggregate(invoice.pk),
        )
    logger.info("invoice %s resend recorded (outbox %s)", invoice.number, message.pk)
    return Resend(message_id=message.pk, created=True)


def invoice_resend_deliver(
    *,
    invoice_id: int,
    message_key: str,
    requested_by: str,
    sent_to: str,
    client_email: Callable[[int], str],
    emailed: Callable[[str], None],
) -> dict[str, Any]:
    """Email the invoice again with a link for what is due now; the policy behind the handler.

    ``client_email(clio_contact_id)``: the address as Clio has it now. ``emailed(address)``
    saves that the email went before anything else, so a retry never emails twice (``sent_to``:
    the address an earlier attempt emailed). ``message_key`` keys the Clio records of this
    resend. Returns what the outbox message keeps as its result.
    """
    invoice = Invoice.objects.select_related("matter", "matter__client").get(pk=invoice_id)
    if not sent_to:
        if invoice.status not in RESENDABLE or invoice.amount_due <= 0:
            return {"skipped": f"invoice is {invoice.status}"}
        client = invoice.matter.client
        email = client_email(client.clio_id) if client else ""
        try:
            validate_email(email)
        except ValidationError:
            # Permanent for this row: the address will not fix itself; a new resend will do.
            return {"skipped": f"Clio has no valid email for the client ({email or 'none'})"}
        invoice.payment_url = invoice_current_payment_link(invoice=invoice) or invoice.payment_url
        invoice_email_build(invoice=invoice, recipient=email).send()
        emailed(email)
        sent_to = email
        logger.info("invoice %s emailed again", invoice.number)
    _clio_records(invoice, message_key=message_key, recipient=sent_to, requested_by=requested_by)
    return {"sent_to": sent_to}


def _clio_records(invoice: Invoice, *, message_key: str, recipient: str, requested_by: str) -> None:
    client = invoice.matter.client
    by = f" at the request of {requested_by}" if requested_by else ""
    with transaction.atomic():
        outbox_record(
            kind="clio.note.create",
            dedupe_key=f"clio.note.create:invoice-resent:{message_key}",
            payload={
                "clio_matter_id": invoice.matter.clio_id,
                "subject": f"Remit: invoice {invoice.number} sent again",
                "detail": (
                    f"Invoice {invoice.number} ({invoice.amount_due} USD due) was emailed again "
                    f"to {recipient}{by}."
                ),
            },
            aggregate=invoice_aggregate(invoice.pk),
        )
        outbox_record(
            kind="clio.communication.create",
            dedupe_key=f"clio.communication.create:invoice-resent:{message_key}",
            payload={
                "clio_matter_id": invoice.matter.clio_id,
                "clio_contact_id": client.clio_id if client else None,
                "contact_type": client.type if client else "",
                "subject": invoice_email_subject(invoice=invoice),
                "body": f"Invoice {invoice.number} ({invoice.amount_due} USD due) with a LawPay "
                f"payment link, sent again by Remit to {recipient}.",
                "received_at": timezone.now().isoformat(),
            },
            aggregate=invoice_aggregate(invoice.pk),
        )
