"""Payments into the processor's trust account are trust deposits (PRODUCT.md §3.4), never
invoice payments (``billing/services/payments.py`` leaves them to this module).

The processor's adapter (``integrations/lawpay/payments.py``) hands over each transaction's
current state in Remit's words (``ProcessorTrustEvent``), as often as it likes:

- ``received`` (paid, not yet settled: a card charge before capture settles, an eCheck before
  the bank clears it): the deposit is posted **uncleared** — in the matter's balance, not in
  what trust first may apply;
- ``settled``: the deposit clears (posted cleared at once when first seen settled);
- ``reversed`` (voided, failed, an ACH return): the deposit is reversed. When the matter's
  cleared funds no longer cover it (the money was already applied), the reversal is refused —
  the ledger never goes negative — and a person is told the firm must cover the shortfall;
- a ``refund`` of a trust charge: money back to the client, from cleared funds.

Everything is idempotent per processor id; a deposit whose reference names no matter is never
dropped: it waits in needs-attention.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from django.db import transaction

from billing.models import AttentionItem, Invoice, Matter
from billing.services.attention import attention_item_open
from billing.services.trust_first import TRUST_OPEN_STATUSES
from trust.models import TrustAccount, TrustEntry
from trust.services.accounts import trust_account_default
from trust.services.applications import trust_application_propose
from trust.services.clio_mirror import trust_entry_mirror_record
from trust.services.posting import (
    TrustPostingRefused,
    trust_deposit_clear,
    trust_deposit_post,
    trust_entry_reverse,
    trust_refund_post,
)
from trust.services.requests import trust_evergreen_check

logger = logging.getLogger(__name__)
Source = TrustEntry.Source
Kind = TrustEntry.Kind


class TrustEventStatus(StrEnum):
    PENDING = "pending"  # nothing has moved yet
    RECEIVED = "received"  # paid; funds not yet settled
    SETTLED = "settled"  # the funds arrived
    REVERSED = "reversed"  # voided, failed or returned


class TrustEventKind(StrEnum):
    CHARGE = "charge"
    REFUND = "refund"


@dataclass(frozen=True)
class ProcessorTrustEvent:
    processor_id: str
    kind: TrustEventKind
    status: TrustEventStatus
    account_id: str
    amount: Decimal
    on: date
    matter_id: int | None = None
    charge_id: str = ""  # a refund's charge
    detail: str = ""  # the processor's words, for the record ("eCheck", "voided (R01)")


def _account_for(processor_account_id: str) -> TrustAccount | None:
    return (
        TrustAccount.objects.filter(processor_account_id=processor_account_id).first()
        or trust_account_default()
    )


def _deposit_of(processor_id: str) -> TrustEntry | None:
    return TrustEntry.objects.filter(
        source=Source.PROCESSOR, source_ref=processor_id, kind=Kind.DEPOSIT
    ).first()


def _attention(matter: Matter | None, detail: str, fix: str) -> None:
    logger.warning(detail)
    attention_item_open(
        reason=AttentionItem.Reason.TRUST_MANUAL_STEP, matter=matter, detail=detail, fix=fix
    )


def trust_processor_event_record(*, event: ProcessorTrustEvent) -> TrustEntry | None:
    """Bring the ledger in line with one trust-account transaction's state (idempotent)."""
    if event.kind == TrustEventKind.REFUND:
        return _refund(event)
    if event.status == TrustEventStatus.PENDING:
        return None
    with transaction.atomic():
        deposit = _deposit_of(event.processor_id)
        if deposit is None:
            if event.status == TrustEventStatus.REVERSED:
                return None  # failed before it ever counted: nothing to undo
            deposit = _deposit_new(event)
            if deposit is None:
                return None
        if event.status == TrustEventStatus.SETTLED and deposit.available_change < deposit.amount:
            entry = trust_deposit_clear(
                entry=deposit,
                cleared_on=event.on,
                source=Source.PROCESSOR,
                source_ref=event.processor_id,
            )
            _drafts_propose_after_commit(deposit.matter_id)
            return entry
        if event.status == TrustEventStatus.REVERSED:
            return _reverse(deposit, event)
    return deposit


def _deposit_new(event: ProcessorTrustEvent) -> TrustEntry | None:
    account = _account_for(event.account_id)
    matter = Matter.objects.filter(pk=event.matter_id).first() if event.matter_id else None
    if account is None or matter is None:
        what = "no trust account is set up in Remit" if account is None else "no matter"
        _attention(
            matter,
            f"LawPay trust payment {event.processor_id} of ${event.amount:,} on {event.on} "
            f"could not be posted: {what} (its reference matches no mapped matter).",
            "Find the client's matter, check its LawPay reference mapping, and post the deposit "
            "to that matter's trust ledger; the money is in the trust bank account meanwhile.",
        )
        return None
    deposit = trust_deposit_post(
        account=account,
        matter=matter,
        amount=event.amount,
        effective_date=event.on,
        source=Source.PROCESSOR,
        source_ref=event.processor_id,
        cleared=event.status == TrustEventStatus.SETTLED,
        memo=f"LawPay trust payment {event.processor_id}"
        + (f" ({event.detail})" if event.detail else ""),
    )
    trust_entry_mirror_record(entry=deposit)
    trust_evergreen_check(ledger_id=deposit.ledger_id)  # a top-up request may now be met
    if deposit.available_change > 0:
        _drafts_propose_after_commit(matter.pk)
    return deposit


def _drafts_propose_after_commit(matter_id: int) -> None:
    """Cleared money arrived: drafts already waiting on the matter get their trust-first
    proposal. After the commit, because proposing locks the invoice, which comes before the
    account and ledger locks this transaction holds (trust/services/applications.py)."""

    def propose() -> None:
        for invoice in Invoice.objects.filter(matter_id=matter_id, status__in=TRUST_OPEN_STATUSES):
            trust_application_propose(invoice=invoice)

    transaction.on_commit(propose, robust=True)


def _reverse(deposit: TrustEntry, event: ProcessorTrustEvent) -> TrustEntry | None:
    existing = TrustEntry.objects.filter(reverses=deposit).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            reversal = trust_entry_reverse(
                entry=deposit,
                effective_date=event.on,
                reason=f"LawPay {event.detail or 'reversed'} the payment",
                source=Source.PROCESSOR,
                source_ref=event.processor_id,
            )
            trust_entry_mirror_record(entry=reversal)
            return reversal
    except TrustPostingRefused as error:
        _attention(
            deposit.matter,
            f"LawPay reversed trust payment {event.processor_id} (${deposit.amount:,}), but "
            f"matter {deposit.matter} no longer holds that much in cleared trust funds: {error}",
            "The firm covers the shortfall from its own funds at once (deposit it to trust and "
            "post it here), and reports it where the bar requires; never from another client's "
            "money.",
        )
        return None


def _refund(event: ProcessorTrustEvent) -> TrustEntry | None:
    if event.status not in (TrustEventStatus.RECEIVED, TrustEventStatus.SETTLED):
        return None
    deposit = _deposit_of(event.charge_id) if event.charge_id else None
    if deposit is None:
        return None  # not a refund of a trust deposit Remit posted
    existing = TrustEntry.objects.filter(
        source=Source.PROCESSOR, source_ref=event.processor_id, kind=Kind.REFUND
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            refund = trust_refund_post(
                account=deposit.account,
                matter=deposit.matter,
                amount=event.amount,
                effective_date=event.on,
                source=Source.PROCESSOR,
                source_ref=event.processor_id,
                memo=f"LawPay refund {event.processor_id} of trust payment {event.charge_id}",
            )
            trust_entry_mirror_record(entry=refund)
            return refund
    except TrustPostingRefused as error:
        _attention(
            deposit.matter,
            f"LawPay refunded ${event.amount:,} of trust payment {event.charge_id}, but the "
            f"refund could not be posted: {error}",
            "Check the matter's trust ledger; the firm covers any shortfall from its own funds.",
        )
        return None
