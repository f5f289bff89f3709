"""``clio.trust.transaction``: a trust entry recorded in Clio (PRODUCT.md §3 event 4).

The payload (``trust/services/clio_mirror.py``) carries everything: Clio's trust bank account,
matter and client, the signed amount, the date, the description and Remit's ``reference``.
The handler posts a bank transaction on Clio's trust account, adds a matter note, refreshes
Remit's copy of the matter's and the account's balances, and tells trust what the entry became
(``trust/services/clio_records.py``). A refusal from Clio (a 4xx other than 401/429) becomes a
manual step listed in needs attention, and the message finishes; anything else is retried by
the outbox engine.

What the real API cannot do (clio-api.md §5.6, §5.11): Clio cannot record a bank transfer —
``bank_transfers`` is GET only — so an earned-fee withdrawal (trust → operating) is posted here
only as funds out of the trust account, and the transfer itself is listed for staff to execute
(``trust.TrustTransfer``); and which kinds ``POST /bank_transactions`` accepts is UNVERIFIED
(new in the 2026-04 spec), hence the manual step when Clio refuses one.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from integrations.clio.client import ClioClient
from integrations.clio.connection import clio_client
from integrations.clio.errors import ClioAPIError, RateLimited, Unauthorized
from integrations.clio.sync import clio_record_sync
from integrations.models import OutboxMessage
from integrations.outbox.handlers.clio_note import clio_note_find, clio_record_marker
from integrations.outbox.registry import outbox_handler
from integrations.outbox.relay import outbox_message_progress
from trust.services.clio_records import trust_clio_manual_step_open, trust_clio_recorded

logger = logging.getLogger(__name__)

KIND = "clio.trust.transaction"


def clio_refused(error: ClioAPIError) -> bool:
    """Clio said no to this request itself (bad value, missing record, not allowed): trying
    again cannot help. A 401 (the grant) and a 429 (the rate) are the connection's state."""
    return 400 <= error.status_code < 500 and not isinstance(error, Unauthorized | RateLimited)


def clio_bank_transaction_find(
    *, client: ClioClient, bank_account_id: int, matter_id: int, reference: str
) -> int | None:
    """The transaction an earlier, unanswered try created: its confirmation is our reference
    (the index has no ``query`` filter in the spec, so the matter's transactions are read)."""
    found = client.list(
        "bank_transactions.json",
        fields=["id", "confirmation"],
        params={"bank_account_id": bank_account_id, "matter_id": matter_id},
    )
    return next((int(t["id"]) for t in found if t.get("confirmation") == reference), None)


def _bank_transaction_post(
    client: ClioClient, message: OutboxMessage, payload: dict[str, Any]
) -> int:
    bank_account_id = int(payload["clio_bank_account_id"])
    matter_id = int(payload["clio_matter_id"])
    reference = str(payload["reference"])
    if message.attempts > 1 or message.last_error:
        found = clio_bank_transaction_find(
            client=client, bank_account_id=bank_account_id, matter_id=matter_id, reference=reference
        )
        if found is not None:
            return found
    data: dict[str, Any] = {
        "bank_account": {"id": bank_account_id},
        "matter": {"id": matter_id},
        "amount": float(Decimal(str(payload["amount"]))),
        "date": str(payload["date"]),
        "description": str(payload["description"]),
        "confirmation": reference,
        "source": "Remit",
        "transaction_type": "Deposit" if Decimal(str(payload["amount"])) > 0 else "Withdrawal",
    }
    if payload.get("clio_client_id"):
        data["client"] = {"id": int(payload["clio_client_id"])}
    created = client.create("bank_transactions.json", data=data, fields=["id"])
    return int(created.data["id"])


def _note(client: ClioClient, message: OutboxMessage, payload: dict[str, Any], tail: str) -> int:
    matter_id = int(payload["clio_matter_id"])
    marker = clio_record_marker(message)
    if message.attempts > 1 or message.last_error:
        found = clio_note_find(client=client, matter_id=matter_id, marker=marker)
        if found is not None:
            return found
    data = {
        "type": "Matter",
        "matter": {"id": matter_id},
        "subject": str(payload.get("note_subject") or "Remit trust transaction")[:255],
        "detail": f"{payload.get('note_detail') or ''}\n\n{tail}\n\n{marker}".lstrip(),
        "date": str(payload["date"]),
    }
    return int(client.create("notes.json", data=data, fields=["id"]).data["id"])


def _manual_step(
    client: ClioClient, message: OutboxMessage, payload: dict[str, Any], error: str
) -> dict[str, Any]:
    trust_clio_manual_step_open(
        entry_id=int(payload["entry_id"]),
        clio_error=error,
        description=str(payload["description"]),
        reference=str(payload["reference"]),
        clio_bank_account_id=payload.get("clio_bank_account_id"),
    )
    outbox_message_progress(message=message, result={"manual_step": True, "clio_error": error})
    result: dict[str, Any] = {"manual_step": True, "clio_error": error}
    if payload.get("clio_matter_id") and not message.result.get("note_id"):
        tail = (
            f"Clio did not accept it as a trust bank transaction ({error}); it is listed in "
            "Remit's needs attention to be entered by hand."
        )
        try:
            result["note_id"] = _note(client, message, payload, tail)
        except ClioAPIError as exc:
            if not clio_refused(exc):
                raise
            result["note_error"] = str(exc)[:300]
    return result


@outbox_handler(KIND)
def clio_trust_transaction(message: OutboxMessage) -> dict[str, Any]:
    """Post the entry to Clio's trust account once, then the note; see the module docstring.

    Clio has no idempotency key: the bank transaction's ``confirmation`` is the payload's
    ``reference``, and a message tried before looks for it among the matter's transactions
    before posting again; its id is saved on the message before the next call.
    """
    payload = message.payload
    if message.result.get("recorded") or (
        message.result.get("manual_step") and message.result.get("note_id")
    ):
        return message.result
    client = clio_client()
    if message.result.get("manual_step"):
        return _manual_step(client, message, payload, str(message.result.get("clio_error")))
    if not payload.get("clio_bank_account_id") or not payload.get("clio_matter_id"):
        error = "Remit's trust account or the matter is not linked to Clio"
        return _manual_step(client, message, payload, error)
    transaction_id = message.result.get("bank_transaction_id")
    if transaction_id is None:
        try:
            transaction_id = _bank_transaction_post(client, message, payload)
        except ClioAPIError as exc:
            if not clio_refused(exc):
                raise
            logger.warning("clio refused trust entry %s: %s", payload.get("entry_id"), exc)
            return _manual_step(client, message, payload, f"{exc.status_code} {exc.message}"[:300])
        outbox_message_progress(message=message, result={"bank_transaction_id": transaction_id})
    note_id = message.result.get("note_id")
    if note_id is None:
        tail = f"Recorded in Clio's trust account as bank transaction {transaction_id}."
        note_id = _note(client, message, payload, tail)
        outbox_message_progress(message=message, result={"note_id": note_id})
    # Clio's figures moved: the cross-check compares against fresh copies, not the last sweep's
    # (a new bank transaction need not change the matter's updated_at).
    clio_record_sync(model="matter", clio_id=int(payload["clio_matter_id"]))
    clio_record_sync(model="bank_account", clio_id=int(payload["clio_bank_account_id"]))
    trust_clio_recorded(
        entry_id=int(payload["entry_id"]), bank_transaction_id=transaction_id, note_id=note_id
    )
    return {"bank_transaction_id": transaction_id, "note_id": note_id, "recorded": True}
