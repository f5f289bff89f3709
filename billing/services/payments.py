"""Payments from LawPay: matched to invoices, recorded once, reversed when LawPay says so.

What counts as received: a CHARGE in ``AUTHORIZED`` or ``COMPLETED``. A card charge is
``AUTHORIZED`` the moment the payer pays and is captured the same day; an eCheck also answers
``AUTHORIZED`` (lawpay-api.md §3 "Statuses"). Waiting for ``COMPLETED`` would leave a paid
invoice "sent" for a day and keep reminders running, so ``AUTHORIZED`` counts, and a later
``VOIDED`` or ``FAILED`` (an ACH return after completion included) reverses the payment.
``PENDING`` counts as nothing yet.

Refunds are separate REFUND transactions whose parent is the charge; a payment's refunded
amount is *recomputed* from the stored refund transactions every time, so events that come
twice or out of order converge on the same numbers.
"""

from __future__ import annotations

import logging
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError
from django.db import transaction as db
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from billing.models import AttentionItem, Invoice, Payment
from billing.services.attention import attention_item_open
from config.params import positive_id
from integrations.models import LawPayConnection, LawPayTransaction, MatterMapping
from integrations.outbox.record import outbox_record

logger = logging.getLogger(__name__)

RECEIVED = frozenset({"AUTHORIZED", "COMPLETED"})
REVERSED = frozenset({"VOIDED", "FAILED"})
# Refunds that take money back from the firm; a PENDING eCheck refund has not yet.
REFUND_COUNTS = frozenset({"AUTHORIZED", "COMPLETED"})
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
        mapping = MatterMapping.objects.filter(
            matter_id=invoice.matter_id, status=MatterMapping.Status.OK
        ).first()
        if mapping is not None and mapping.reference == candidates[invoice.number]:
            return invoice
    return None


def invoice_for_remit_data(*, data: dict) -> Invoice | None:
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
    return {
        Invoice.Status.PAID: "Invoice Paid",
        Invoice.Status.PARTIALLY_PAID: "Partially Paid",
        Invoice.Status.SENT: "Invoice Sent",
    }.get(invoice.status, "Invoice Approved")


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


def _trust_account_ids() -> list[str]:
    connection = LawPayConnection.objects.filter(singleton=True).first()
    return connection.trust_account_ids if connection else []


def _refused(*, transaction: LawPayTransaction, why: str) -> None:
    message = f"LawPay transaction {transaction.lawpay_id} refused: {why}"
    logger.warning(message)
    AttentionItem.objects.get_or_create(
        invoice=None,
        matter=transaction.matter,
        reason=AttentionItem.Reason.DEAD_LETTER,
        detail=message,
        resolved_at=None,
        defaults={"fix": "Refund it in LawPay, or record it by hand outside Remit."},
    )


def payment_record_from_lawpay(*, transaction: LawPayTransaction) -> Payment | None:
    """Apply the current state of one stored LawPay transaction to payments and invoices.

    Idempotent: called again with the same state it changes nothing; concurrent calls for
    one transaction create one ``Payment`` (unique ``lawpay_transaction_id``). Returns the
    payment concerned, or ``None`` when the transaction is not an operating payment.
    """
    if transaction.currency != CURRENCY:
        _refused(
            transaction=transaction,
            why=f"currency {transaction.currency} is not supported; Remit handles USD only.",
        )
        return None
    if transaction.account_id in _trust_account_ids():
        return None  # trust deposits (card or eCheck) are posted by the trust ledger, not here
    if transaction.type == "REFUND":
        if not transaction.parent_lawpay_id:
            return None
        parent = LawPayTransaction.objects.filter(lawpay_id=transaction.parent_lawpay_id).first()
        return _payment_sync(charge_id=transaction.parent_lawpay_id, charge=parent)
    if transaction.type != "CHARGE":
        return None
    if transaction.status in RECEIVED:
        payment = _payment_create(transaction=transaction)
        if payment is None:
            return None
    return _payment_sync(charge_id=transaction.lawpay_id, charge=transaction)


def _payment_create(*, transaction: LawPayTransaction) -> Payment | None:
    existing = Payment.objects.filter(lawpay_transaction_id=transaction.lawpay_id).first()
    if existing is not None:
        return existing
    if transaction.amount <= 0:
        return None
    invoice = invoice_for_reference(reference=transaction.reference) or invoice_for_remit_data(
        data=transaction.data or {}
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
                matter=invoice.matter if invoice else transaction.matter,
                lawpay_transaction_id=transaction.lawpay_id,
                lawpay_account_id=transaction.account_id,
                reference=transaction.reference,
                amount=transaction.amount,
                currency=transaction.currency,
                received_at=transaction.lawpay_created_at or timezone.now(),
            )
            if invoice is not None:
                _payment_apply(payment=payment, invoice=invoice)
                if transaction.matter_id is None:
                    LawPayTransaction.objects.filter(pk=transaction.pk, matter=None).update(
                        matter=invoice.matter
                    )
            else:
                logger.info("LawPay payment %s matched no invoice", transaction.lawpay_id)
    except IntegrityError:
        # Another worker recorded this transaction first: its row is the one.
        return Payment.objects.get(lawpay_transaction_id=transaction.lawpay_id)
    return payment


def _refunded_target(*, payment: Payment, charge: LawPayTransaction | None) -> Decimal:
    if charge is not None and charge.status in REVERSED:
        return payment.amount
    refunds = LawPayTransaction.objects.filter(
        type="REFUND", parent_lawpay_id=payment.lawpay_transaction_id, status__in=REFUND_COUNTS
    ).aggregate(total=Sum("amount"))["total"] or Decimal("0.00")
    return min(payment.amount, refunds)


def _payment_sync(*, charge_id: str, charge: LawPayTransaction | None) -> Payment | None:
    """Bring a payment's refunded amount (and its invoice) in line with LawPay."""
    with db.atomic():
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .filter(lawpay_transaction_id=charge_id)
            .first()
        )
        if payment is None:
            return None
        target = _refunded_target(payment=payment, charge=charge)
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
        if charge is not None and charge.status in REVERSED:
            what = f"{charge.status.lower()}" + (
                f" ({charge.failure_code})" if charge.failure_code else ""
            )
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
    *, payment: Payment, invoice: Invoice, user, now: datetime | None = None
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
