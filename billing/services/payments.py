"""Payments: matched to invoices, recorded once, reversed when the processor says so.

Billing hears of a processor transaction as a ``PaymentEvent`` in its own words (kind, status),
built by the processor's adapter from the transaction's current state
(``integrations/lawpay/payments.py`` says which LawPay statuses count as what, and why: a card
or eCheck payment counts when authorized, not a day later when completed). A received charge
becomes a ``Payment`` applied to its invoice; a later reversal takes it back.

Refunds are separate transactions whose charge is named; a payment's refunded amount is
*recomputed* from the refunds that count every time (the adapter totals them), so events that
come twice or out of order converge on the same numbers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError
from django.db import transaction as db
from django.db.models import Q, QuerySet
from django.utils import timezone

from billing.models import AttentionItem, Invoice, MatterMapping, Payment
from billing.services.attention import attention_item_open
from billing.services.payment_setup import payment_setup_get
from config.params import positive_id
from integrations.outbox.record import outbox_record

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

CURRENCY = "USD"
# Invoices a payment may be applied to.
PAYABLE = (
    Invoice.Status.APPROVED,
    Invoice.Status.SENT,
    Invoice.Status.PARTIALLY_PAID,
    Invoice.Status.PAID,
)


class PaymentRefused(Exception):
    """A LawPay transaction Remit will not record (e.g. a currency other than USD)."""


# -- matching ----------------------------------------------------------------------------------


def invoice_for_reference(*, reference: str) -> Invoice | None:
    """The invoice whose ``<mapping reference>-<number>`` is exactly ``reference``."""
    if not reference:
        return None
    parts = reference.split("-")
    candidates = {"-".join(parts[i:]): "-".join(parts[:i]) for i in range(1, len(parts))}
    for invoice in Invoice.objects.filter(number__in=candidates).select_related("matter"):
        if invoice.number is None:  # not reached: filtered on the number
            continue
        mapping = MatterMapping.objects.filter(
            matter_id=invoice.matter_id, status=MatterMapping.Status.OK
        ).first()
        if mapping is not None and mapping.reference == candidates[invoice.number]:
            return invoice
    return None


def invoice_for_remit_data(*, data: dict[str, Any]) -> Invoice | None:
    """Remit's own id in the charge's ``data``: ``remit_invoice_id`` or the page's ``Invoice``."""
    raw = data.get("remit_invoice_id")
    # Whatever the payer's page put there: only a plain, bounded id is looked up.
    invoice_id = positive_id(str(raw)) if isinstance(raw, int | str) else None
    if invoice_id is not None:
        found = Invoice.objects.filter(pk=invoice_id, number__isnull=False).first()
        if found:
            return found
    number = data.get("Invoice") or data.get("invoice_number")
    if isinstance(number, str) and number.strip():
        return Invoice.objects.filter(number=number.strip()).first()
    return None


def payment_match_suggestions(*, payment: Payment, limit: int = 10) -> list[Invoice]:
    """Open invoices a person might match the payment to: the same amount due, or the matter.

    Only suggestions (PRODUCT.md §8): nothing is applied until staff confirm one.
    """
    open_invoices = Invoice.objects.filter(
        status__in=(Invoice.Status.APPROVED, Invoice.Status.SENT, Invoice.Status.PARTIALLY_PAID)
    ).select_related("matter", "matter__client")
    condition = Q(pk__in=[])
    if payment.matter_id:
        condition |= Q(matter_id=payment.matter_id)
    candidates = list(open_invoices.filter(condition).order_by("-pk")[:limit])
    same_amount = [
        invoice
        for invoice in open_invoices.order_by("-pk")[:500]
        if invoice.amount_due == payment.amount and invoice not in candidates
    ]
    ranked = sorted(
        candidates + same_amount,
        key=lambda i: (i.amount_due != payment.amount, i.matter_id != payment.matter_id, -i.pk),
    )
    return ranked[:limit]


def payments_unmatched() -> QuerySet[Payment]:
    return (
        Payment.objects.filter(invoice__isnull=True)
        .select_related("matter")
        .order_by("-received_at", "-pk")
    )


# -- invoice arithmetic ------------------------------------------------------------------------


def _net(payment: Payment) -> Decimal:
    return payment.amount - payment.amount_refunded


def _invoice_apply(*, invoice: Invoice, delta: Decimal) -> None:
    """Add ``delta`` (negative for reversals) to what was paid and recompute the status.

    Call with the invoice row locked (``select_for_update``) inside a transaction.
    """
    invoice.amount_paid = max(Decimal("0.00"), invoice.amount_paid + delta)
    payable = invoice.total - invoice.trust_applied
    if invoice.amount_paid <= 0:
        invoice.status = Invoice.Status.SENT if invoice.sent_at else Invoice.Status.APPROVED
        invoice.paid_at = None
    elif invoice.amount_paid < payable:
        invoice.status = Invoice.Status.PARTIALLY_PAID
        invoice.paid_at = None
    else:
        invoice.status = Invoice.Status.PAID
        invoice.paid_at = invoice.paid_at or timezone.now()
    invoice.save(update_fields=["amount_paid", "status", "paid_at"])


def _billing_status(invoice: Invoice) -> str:
    statuses: dict[str, str] = {
        Invoice.Status.PAID: "Invoice Paid",
        Invoice.Status.PARTIALLY_PAID: "Partially Paid",
        Invoice.Status.SENT: "Invoice Sent",
    }
    return statuses.get(invoice.status, "Invoice Approved")


def _clio_record(*, invoice: Invoice, key: str, subject: str, detail: str) -> None:
    """A matter note and the billing status, recorded with the change that caused them."""
    clio_matter_id = invoice.matter.clio_id
    outbox_record(
        kind="clio.note.create",
        dedupe_key=f"clio.note.create:{key}",
        payload={
            "clio_matter_id": clio_matter_id,
            "subject": subject,
            "detail": detail,
        },
        aggregate=f"invoice:{invoice.pk}",
    )
    outbox_record(
        kind="clio.billing_status.set",
        dedupe_key=f"clio.billing_status.set:{key}",
        payload={"clio_matter_id": clio_matter_id, "value": _billing_status(invoice)},
        aggregate=f"invoice:{invoice.pk}",
    )


def _payment_apply(*, payment: Payment, invoice: Invoice) -> None:
    """Post a newly matched payment to its (locked) invoice; flag any overpayment."""
    due_before = invoice.amount_due
    _invoice_apply(invoice=invoice, delta=_net(payment))
    if _net(payment) > due_before:
        excess = _net(payment) - max(due_before, Decimal("0.00"))
        attention_item_open(
            invoice=invoice,
            reason=AttentionItem.Reason.OVERPAYMENT,
            detail=f"LawPay payment {payment.lawpay_transaction_id} of {payment.amount} USD "
            f"exceeds the {max(due_before, Decimal('0.00'))} USD due on {invoice.number} by "
            f"{excess} USD. That is client money in the operating account.",
            fix="Refund the excess to the client in LawPay, or move it to trust; never keep it.",
        )
    received = timezone.localtime(payment.received_at).date().isoformat()
    _clio_record(
        invoice=invoice,
        key=f"payment:{payment.lawpay_transaction_id}",
        subject=f"Remit: payment received on invoice {invoice.number}",
        detail=f"Payment of {payment.amount} USD received on {received} through LawPay "
        f"(transaction {payment.lawpay_transaction_id}, reference {payment.reference or '—'}). "
        f"Invoice {invoice.number} is now {invoice.get_status_display().lower()}; "
        f"amount due {invoice.amount_due} USD.",
    )


# -- recording ---------------------------------------------------------------------------------


class PaymentEventKind(StrEnum):
    CHARGE = "charge"  # the payer pays the firm
    REFUND = "refund"  # the firm gives (part of) a charge back
    OTHER = "other"  # anything else the processor reports; billing ignores it


class PaymentEventStatus(StrEnum):
    PENDING = "pending"  # nothing received yet
    RECEIVED = "received"  # the money counts as received (see the module docstring)
    REVERSED = "reversed"  # voided, failed or returned after it counted


@dataclass(frozen=True)
class PaymentEvent:
    """A processor transaction in billing's words, built by the processor's adapter
    (``integrations/lawpay/payments.py``) from its current state, never from a webhook body."""

    processor_id: str
    kind: PaymentEventKind
    status: PaymentEventStatus
    account_id: str
    amount: Decimal
    currency: str
    reference: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    created_at: datetime | None = None
    matter_id: int | None = None  # the matter its reference maps to, if any
    charge_id: str = ""  # a refund's charge
    reversal: str = ""  # the processor's word for a reversal ("voided (R01)"), for the record
    method: str = ""  # how the payer paid: "card" or "bank" (eCheck)


def _trust_account_ids() -> list[str]:
    return list(payment_setup_get().trust_account_ids)


def _refused(*, event: PaymentEvent, why: str) -> None:
    message = f"LawPay transaction {event.processor_id} refused: {why}"
    logger.warning(message)
    AttentionItem.objects.get_or_create(
        invoice=None,
        matter_id=event.matter_id,
        reason=AttentionItem.Reason.DEAD_LETTER,
        detail=message,
        resolved_at=None,
        defaults={"fix": "Refund it in LawPay, or record it by hand outside Remit."},
    )


def payment_event_record(
    *,
    event: PaymentEvent,
    refunds_counted: Callable[[str], Decimal],
    charge: PaymentEvent | None = None,
) -> Payment | None:
    """Apply the current state of one processor transaction to payments and invoices.

    ``refunds_counted(charge_id)`` is what the refunds of a charge take back now, asked only
    when a payment's refunded amount is recomputed; ``charge`` is a refund's charge, when the
    adapter knows it.
    Idempotent: called again with the same state it changes nothing; concurrent calls for one
    transaction create one ``Payment`` (unique ``lawpay_transaction_id``). Returns the
    payment concerned, or ``None`` when the transaction is not an operating payment.
    """
    if event.currency != CURRENCY:
        _refused(
            event=event,
            why=f"currency {event.currency} is not supported; Remit handles USD only.",
        )
        return None
    if event.account_id in _trust_account_ids():
        return None  # trust deposits (card or eCheck) are posted by the trust ledger, not here
    if event.kind == PaymentEventKind.REFUND:
        if not event.charge_id:
            return None
        return _payment_sync(
            charge_id=event.charge_id, charge=charge, refunds_counted=refunds_counted
        )
    if event.kind != PaymentEventKind.CHARGE:
        return None
    if event.status == PaymentEventStatus.RECEIVED:
        payment = _payment_create(event=event)
        if payment is None:
            return None
    return _payment_sync(
        charge_id=event.processor_id, charge=event, refunds_counted=refunds_counted
    )


def _payment_create(*, event: PaymentEvent) -> Payment | None:
    existing = Payment.objects.filter(lawpay_transaction_id=event.processor_id).first()
    if existing is not None:
        return existing
    if event.amount <= 0:
        return None
    invoice = invoice_for_reference(reference=event.reference) or invoice_for_remit_data(
        data=event.data or {}
    )
    if invoice is not None and invoice.status not in PAYABLE:
        invoice = None  # a void or rejected invoice: staff decide in the unmatched queue
    try:
        with db.atomic():
            if invoice is not None:
                invoice = (
                    Invoice.objects.select_for_update(of=("self",))
                    .select_related("matter")
                    .get(pk=invoice.pk)
                )
            payment = Payment.objects.create(
                invoice=invoice,
                matter_id=invoice.matter_id if invoice else event.matter_id,
                lawpay_transaction_id=event.processor_id,
                lawpay_account_id=event.account_id,
                reference=event.reference,
                amount=event.amount,
                currency=event.currency,
                method=event.method if event.method in Payment.Method.values else "",
                received_at=event.created_at or timezone.now(),
            )
            if invoice is not None:
                _payment_apply(payment=payment, invoice=invoice)
            else:
                logger.info("LawPay payment %s matched no invoice", event.processor_id)
    except IntegrityError:
        # Another worker recorded this transaction first: its row is the one.
        return Payment.objects.get(lawpay_transaction_id=event.processor_id)
    return payment


def _refunded_target(
    *,
    payment: Payment,
    charge: PaymentEvent | None,
    refunds_counted: Callable[[str], Decimal],
) -> Decimal:
    if charge is not None and charge.status == PaymentEventStatus.REVERSED:
        return payment.amount
    return min(payment.amount, refunds_counted(payment.lawpay_transaction_id))


def _payment_sync(
    *, charge_id: str, charge: PaymentEvent | None, refunds_counted: Callable[[str], Decimal]
) -> Payment | None:
    """Bring a payment's refunded amount (and its invoice) in line with LawPay."""
    with db.atomic():
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .filter(lawpay_transaction_id=charge_id)
            .first()
        )
        if payment is None:
            return None
        target = _refunded_target(payment=payment, charge=charge, refunds_counted=refunds_counted)
        delta = target - payment.amount_refunded
        if delta == 0:
            return payment
        payment.amount_refunded = target
        payment.status = (
            Payment.Status.REVERSED if target >= payment.amount else Payment.Status.RECORDED
        )
        payment.save(update_fields=["amount_refunded", "status"])
        if payment.invoice_id is None:
            return payment
        invoice = (
            Invoice.objects.select_for_update(of=("self",))
            .select_related("matter")
            .get(pk=payment.invoice_id)
        )
        _invoice_apply(invoice=invoice, delta=-delta)
        if charge is not None and charge.status == PaymentEventStatus.REVERSED:
            what = charge.reversal or "reversed"
            subject = f"Remit: payment reversed on invoice {invoice.number}"
            detail = f"LawPay payment {charge_id} of {payment.amount} USD was {what}."
        elif delta > 0:
            subject = f"Remit: refund on invoice {invoice.number}"
            detail = f"{delta} USD of LawPay payment {charge_id} was refunded."
        else:
            subject = f"Remit: refund cancelled on invoice {invoice.number}"
            detail = f"A refund of {-delta} USD on LawPay payment {charge_id} was voided."
        _clio_record(
            invoice=invoice,
            key=f"payment:{charge_id}:refunded:{target}",
            subject=subject,
            detail=f"{detail} Invoice {invoice.number} is now "
            f"{invoice.get_status_display().lower()}; amount due {invoice.amount_due} USD.",
        )
    return payment


def payment_match(
    *, payment: Payment, invoice: Invoice, user: User, now: datetime | None = None
) -> Payment:
    """Staff match an unmatched payment to an invoice; records who and when.

    Raises ``ValueError`` when the payment is already matched or the invoice cannot be paid.
    """
    with db.atomic():
        payment = Payment.objects.select_for_update(of=("self",)).get(pk=payment.pk)
        if payment.invoice_id is not None:
            raise ValueError("This payment is already matched.")
        invoice = (
            Invoice.objects.select_for_update(of=("self",))
            .select_related("matter")
            .get(pk=invoice.pk)
        )
        if invoice.status not in PAYABLE:
            raise ValueError(f"Invoice {invoice} is {invoice.get_status_display().lower()}.")
        payment.invoice = invoice
        payment.matter = invoice.matter
        payment.matched_by = user
        payment.matched_at = now or timezone.now()
        payment.save(update_fields=["invoice", "matter", "matched_by", "matched_at"])
        if _net(payment) > 0:
            _payment_apply(payment=payment, invoice=invoice)
    return payment
