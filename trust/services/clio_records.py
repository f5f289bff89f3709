"""What the Clio adapter tells trust about a mirrored entry (``TrustClioRecord``).

``integrations/outbox/handlers/clio_trust.py`` calls these once Clio holds the bank transaction,
or once Clio refused it: then a person has to enter it by hand, and the needs-attention list
says exactly what to enter. Both are idempotent (one record per entry), so a retried delivery
changes nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from billing.models import AttentionItem
from billing.services.attention import attention_item_open
from trust.models import TrustClioRecord, TrustEntry

Status = TrustClioRecord.Status


def trust_clio_recorded(
    *, entry_id: int, bank_transaction_id: int, note_id: int | None = None
) -> TrustClioRecord:
    """Clio holds ``entry_id`` as bank transaction ``bank_transaction_id``."""
    record, _ = TrustClioRecord.objects.get_or_create(
        entry_id=entry_id,
        defaults={
            "status": Status.RECORDED,
            "clio_bank_transaction_id": bank_transaction_id,
            "clio_note_id": note_id,
        },
    )
    return record


def trust_clio_manual_step_text(
    *, entry: TrustEntry, description: str, reference: str, clio_bank_account_id: int | None
) -> str:
    """Every field a person types into Clio's trust account for ``entry``."""
    account = entry.account
    bank = account.clio_bank_account
    matter = entry.matter
    client = matter.client
    amount: Decimal = entry.amount
    direction = "funds in (a deposit)" if amount > 0 else "funds out (a withdrawal)"
    bank_label = f"“{bank.name}”" if bank else f"the trust account linked to “{account.name}”"
    bank_id = clio_bank_account_id or (bank.clio_id if bank else None)
    return "\n".join(
        [
            f"Bank account: {bank_label}" + (f" (Clio id {bank_id})" if bank_id else ""),
            f"Matter: {matter.display_number} (Clio id {matter.clio_id})",
            "Client: "
            + (f"{client.name} (Clio id {client.clio_id})" if client else "the matter's client"),
            f"Amount: {amount:,.2f} — {direction}",
            f"Date: {entry.effective_date:%Y-%m-%d}",
            f"Description: {description}",
            f"Confirmation / reference: {reference}",
        ]
    )


def trust_clio_manual_step_open(
    *,
    entry_id: int,
    clio_error: str,
    description: str,
    reference: str,
    clio_bank_account_id: int | None = None,
) -> TrustClioRecord:
    """Clio refused the bank transaction: list the entry as a step for a person, once."""
    with transaction.atomic():
        existing = TrustClioRecord.objects.filter(entry_id=entry_id).first()
        if existing is not None:
            return existing
        entry = TrustEntry.objects.select_related(
            "account__clio_bank_account", "matter__client", "invoice"
        ).get(pk=entry_id)
        step = trust_clio_manual_step_text(
            entry=entry,
            description=description,
            reference=reference,
            clio_bank_account_id=clio_bank_account_id,
        )
        record = TrustClioRecord.objects.create(
            entry=entry, status=Status.MANUAL, clio_error=clio_error[:500], manual_step=step
        )
        attention_item_open(
            reason=AttentionItem.Reason.TRUST_MANUAL_STEP,
            matter=entry.matter,
            invoice=entry.invoice,
            detail=(
                f"Clio did not accept trust entry {entry.sequence} ({entry.get_kind_display()}) "
                f"as a bank transaction: {clio_error[:300]}\nEnter it in Clio by hand:\n{step}"
            ),
            fix=(
                "Record this transaction in Clio's trust account with exactly these values, "
                "then mark this resolved. Every entry waiting for this step is on the trust "
                "cross-check page."
            ),
        )
    return record
