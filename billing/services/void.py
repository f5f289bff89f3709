"""Voiding an invoice that was approved or sent and never paid.

The invoice keeps its number (numbers stay gapless) and stops being live, so its entries return
to the pool and the billing rules draft them again for review, as Clio does with the entries of
a voided bill. The reason goes into the invoice's history as django-simple-history's change
reason (no column of its own). Reminders stop because the scan skips a void invoice
(``reminders/services/scan.py``); the public page refuses it (410); a payment that still
arrives through the old link finds no payable invoice and waits in the unmatched queue.
Clio hears of it as a matter note and the billing-status field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from billing.models import Invoice, InvoiceLine, Payment
from billing.selectors import invoice_aggregate
from billing.services.review import InvoiceTransitionError
from integrations.outbox.record import outbox_record

if TYPE_CHECKING:
    from django.contrib.auth.models import User

VOIDABLE = (Invoice.Status.APPROVED, Invoice.Status.SENT)
# simple-history's change reason column is 100 characters; "Voided: " takes 8 of them.
VOID_REASON_MAX = 90
VOID_BILLING_STATUS = "Invoice Void"


def invoice_void(*, invoice: Invoice, user: User | None, reason: str) -> Invoice:
    """Void ``invoice`` for ``reason``; raises ``InvoiceTransitionError`` (nothing changed) for
    an empty or too long reason, an invoice that is not approved or sent, or one that was paid
    in part or in full or had trust applied.

    One transaction holding ``SELECT … FOR UPDATE`` on the invoice row, so a payment recorded
    at the same moment (``billing/services/payments.py`` locks the same row) is either seen
    here or finds the invoice void.
    """
    reason = " ".join(reason.split())
    if not reason:
        raise InvoiceTransitionError("Say why the invoice is void.")
    if len(reason) > VOID_REASON_MAX:
        raise InvoiceTransitionError(
            f"Keep the reason to {VOID_REASON_MAX} characters (it has {len(reason)})."
        )
    with transaction.atomic():
        invoice = (
            Invoice.objects.select_for_update(of=("self",))
            .select_related("matter")
            .get(pk=invoice.pk)
        )
        if invoice.status not in VOIDABLE:
            raise InvoiceTransitionError(_not_voidable(invoice))
        paid = invoice.payments.filter(status=Payment.Status.RECORDED).exists()
        if invoice.amount_paid > 0 or paid:
            raise InvoiceTransitionError(
                f"Invoice {invoice} cannot be voided: a payment was recorded on it. Refund the "
                "payment in LawPay first; the refund reopens the invoice."
            )
        if invoice.trust_applied > 0:
            raise InvoiceTransitionError(
                f"Invoice {invoice} cannot be voided: ${invoice.trust_applied:,} of trust funds "
                "were applied to it. Reverse the trust withdrawal first."
            )
        lines = list(invoice.lines.filter(live=True))
        for line in lines:
            line.live = False
        bulk_update_with_history(lines, InvoiceLine, ["live"], default_user=user)
        invoice.status = Invoice.Status.VOID
        invoice.live = False
        invoice._change_reason = f"Voided: {reason}"  # type: ignore[attr-defined]
        if user is not None:
            invoice._history_user = user
        invoice.save(update_fields=["status", "live"])
        by = f" by {user.get_username()}" if user is not None else ""
        outbox_record(
            kind="clio.note.create",
            dedupe_key=f"clio.note.create:invoice-void:{invoice.pk}",
            payload={
                "clio_matter_id": invoice.matter.clio_id,
                "subject": f"Remit: invoice {invoice.number} voided",
                "detail": (
                    f"Invoice {invoice.number} (${invoice.total:,}) was voided in Remit{by}: "
                    f"{reason}. Nothing was paid on it; its entries can be billed again."
                ),
            },
            aggregate=invoice_aggregate(invoice.pk),
        )
        outbox_record(
            kind="clio.billing_status.set",
            dedupe_key=f"clio.billing_status.set:invoice-void:{invoice.pk}",
            payload={"clio_matter_id": invoice.matter.clio_id, "value": VOID_BILLING_STATUS},
            aggregate=invoice_aggregate(invoice.pk),
        )
    return invoice


def _not_voidable(invoice: Invoice) -> str:
    status = invoice.get_status_display().lower()
    if invoice.status in (Invoice.Status.DRAFT, Invoice.Status.ON_HOLD):
        return f"A {status} invoice is not voided: reject it instead."
    if invoice.status in (Invoice.Status.PARTIALLY_PAID, Invoice.Status.PAID):
        return (
            f"Invoice {invoice} is {status} and cannot be voided. Refund the payment in LawPay "
            "first; the refund reopens the invoice."
        )
    return f"Invoice {invoice} is {status} already; only approved or sent invoices are voided."
