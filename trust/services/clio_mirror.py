"""Each deposit and withdrawal is recorded in Clio through the outbox (PRODUCT.md §3.4).

Only the intent is written here, in the posting's transaction; the adapter
(``integrations/outbox/handlers/clio_trust.py``) makes the Clio calls: a bank transaction on
Clio's trust account with the matter and client, plus a matter note. Where Clio refuses, the
handler opens a manual step saying exactly what to enter. The payload carries everything the
call needs, so the adapter never reads trust's tables.
"""

from __future__ import annotations

from integrations.outbox.record import outbox_record
from trust.models import TrustEntry
from trust.models.clio_records import CLIO_MIRROR_KIND, CLIO_MIRRORED_KINDS

# One definition, in the model module the cross-check reads too.
MIRROR_KIND, MIRRORED_KINDS = CLIO_MIRROR_KIND, CLIO_MIRRORED_KINDS


def trust_entry_mirror_record(*, entry: TrustEntry) -> None:
    """Record, in the caller's transaction, that Clio must learn of ``entry``; once per entry."""
    if entry.kind not in MIRRORED_KINDS:
        return
    account = entry.account
    bank = account.clio_bank_account
    matter = entry.matter
    client = matter.client
    label = entry.get_kind_display()
    if entry.kind == TrustEntry.Kind.REVERSAL and entry.reverses is not None:
        label = f"Reversal of {entry.reverses.get_kind_display().lower()}"
    outbox_record(
        kind=MIRROR_KIND,
        dedupe_key=f"{MIRROR_KIND}:{entry.pk}",
        payload={
            "entry_id": entry.pk,
            "reference": f"remit-trust-{entry.pk}",
            "clio_bank_account_id": bank.clio_id if bank else None,
            "clio_matter_id": matter.clio_id,
            "clio_client_id": client.clio_id if client else None,
            "amount": str(entry.amount),
            "date": entry.effective_date.isoformat(),
            "description": f"{label}: {entry.memo}"[:255],
            "kind": entry.kind,
            "note_subject": f"Remit trust: {label.lower()} of ${abs(entry.amount):,}",
            "note_detail": (
                f"{label} of ${abs(entry.amount):,} on {entry.effective_date:%Y-%m-%d} in "
                f"{account.name} for matter {matter.display_number}: {entry.memo}. "
                f"Matter trust balance after it: ${entry.balance_after:,} "
                f"(Remit trust entry {entry.sequence})."
            ),
        },
        aggregate=f"matter:{matter.pk}",
    )
