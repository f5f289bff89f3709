"""LawPay transactions in billing's words: the adapter between the stored LawPay rows and
``billing.services.payments``.

What counts as received: a CHARGE in ``AUTHORIZED`` or ``COMPLETED``. A card charge is
``AUTHORIZED`` the moment the payer pays and is captured the same day; an eCheck also answers
``AUTHORIZED`` (lawpay-api.md §3 "Statuses"). Waiting for ``COMPLETED`` would leave a paid
invoice "sent" for a day and keep reminders running, so ``AUTHORIZED`` counts, and a later
``VOIDED`` or ``FAILED`` (an ACH return after completion included) reverses the payment.
``PENDING`` counts as nothing yet. A refund takes money back once it is ``AUTHORIZED`` or
``COMPLETED`` (a pending eCheck refund has not yet).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from billing.models import Payment
from billing.services.drafts import firm_today
from billing.services.payment_setup import payment_setup_get
from billing.services.payments import (
    PaymentEvent,
    PaymentEventKind,
    PaymentEventStatus,
    payment_event_record,
)
from integrations.models import LawPayTransaction
from trust.services.deposits import (
    ProcessorTrustEvent,
    TrustEventKind,
    TrustEventStatus,
    trust_processor_event_record,
)

KINDS = {"CHARGE": PaymentEventKind.CHARGE, "REFUND": PaymentEventKind.REFUND}
STATUSES = {
    "AUTHORIZED": PaymentEventStatus.RECEIVED,
    "COMPLETED": PaymentEventStatus.RECEIVED,
    "VOIDED": PaymentEventStatus.REVERSED,
    "FAILED": PaymentEventStatus.REVERSED,
}
REFUND_COUNTS = frozenset({"AUTHORIZED", "COMPLETED"})
# On the trust account the funds only count once LawPay settles them (COMPLETED): a card
# charge or an eCheck that is merely AUTHORIZED is an uncleared deposit (trust/services/
# deposits.py), which trust first may not apply.
TRUST_STATUSES = {
    "AUTHORIZED": TrustEventStatus.RECEIVED,
    "COMPLETED": TrustEventStatus.SETTLED,
    "VOIDED": TrustEventStatus.REVERSED,
    "FAILED": TrustEventStatus.REVERSED,
}


def payment_event_from(transaction: LawPayTransaction) -> PaymentEvent:
    status = STATUSES.get(transaction.status, PaymentEventStatus.PENDING)
    reversal = ""
    if status == PaymentEventStatus.REVERSED:
        reversal = transaction.status.lower() + (
            f" ({transaction.failure_code})" if transaction.failure_code else ""
        )
    return PaymentEvent(
        processor_id=transaction.lawpay_id,
        kind=KINDS.get(transaction.type, PaymentEventKind.OTHER),
        status=status,
        account_id=transaction.account_id,
        amount=transaction.amount,
        currency=transaction.currency,
        reference=transaction.reference,
        data=transaction.data or {},
        created_at=transaction.lawpay_created_at,
        matter_id=transaction.matter_id,
        charge_id=transaction.parent_lawpay_id,
        reversal=reversal,
        method=transaction.method_type,
    )


def _refunds_counted(charge_id: str) -> Decimal:
    return LawPayTransaction.objects.filter(
        type="REFUND", parent_lawpay_id=charge_id, status__in=REFUND_COUNTS
    ).aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


def trust_event_from(transaction: LawPayTransaction) -> ProcessorTrustEvent | None:
    kind = {"CHARGE": TrustEventKind.CHARGE, "REFUND": TrustEventKind.REFUND}.get(transaction.type)
    if kind is None:
        return None
    status = TRUST_STATUSES.get(transaction.status, TrustEventStatus.PENDING)
    moment = transaction.lawpay_created_at if status == TrustEventStatus.RECEIVED else None
    detail = transaction.status.lower() if status == TrustEventStatus.REVERSED else ""
    if transaction.failure_code:
        detail += f" ({transaction.failure_code})"
    return ProcessorTrustEvent(
        processor_id=transaction.lawpay_id,
        kind=kind,
        status=status,
        account_id=transaction.account_id,
        amount=transaction.amount,
        on=firm_today(now=moment or timezone.now()),
        matter_id=transaction.matter_id,
        charge_id=transaction.parent_lawpay_id,
        detail=detail or transaction.method_type,
    )


def payment_record_from_lawpay(*, transaction: LawPayTransaction) -> Payment | None:
    """Hand one stored LawPay transaction's current state to billing (idempotent).

    Called inside the transaction that upserted ``transaction``, possibly more than once for
    the same state. A charge matched to an invoice lends the transaction its matter when its
    reference mapped to none.
    """
    trust_ids = payment_setup_get().trust_account_ids
    if transaction.account_id in trust_ids and transaction.currency == "USD":
        # A trust deposit, never an invoice payment (a foreign currency is refused below).
        trust_event = trust_event_from(transaction)
        if trust_event is not None:
            trust_processor_event_record(event=trust_event)
        return None
    event = payment_event_from(transaction)
    charge: PaymentEvent | None = None
    if event.kind == PaymentEventKind.REFUND and event.charge_id:
        parent = LawPayTransaction.objects.filter(lawpay_id=event.charge_id).first()
        charge = payment_event_from(parent) if parent else None
    payment = payment_event_record(event=event, charge=charge, refunds_counted=_refunds_counted)
    if (
        payment is not None
        and event.kind == PaymentEventKind.CHARGE
        and payment.invoice_id is not None
        and transaction.matter_id is None
    ):
        LawPayTransaction.objects.filter(pk=transaction.pk, matter=None).update(
            matter_id=payment.matter_id
        )
    return payment
