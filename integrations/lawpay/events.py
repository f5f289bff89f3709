"""Processing a stored LawPay event hint (lawpay-api.md §5).

LawPay does not sign its posts, so the stored body is never trusted: the event is re-fetched
with ``GET /v1/events/{id}`` (proving LawPay sent it), and then the transaction it names is
read as it is *now* with ``GET /v1/transactions/{id}``. Events may come late, twice or out of
order; upserting the current transaction makes every order converge on the same row.
"""

from __future__ import annotations

import json

from django.db import transaction

from billing.services.mappings import matter_mapping_resolve
from integrations.lawpay.client import LawPayClient
from integrations.lawpay.connection import lawpay_client
from integrations.lawpay.errors import NotFound, UnexpectedResponse
from integrations.lawpay.money import MoneyError
from integrations.lawpay.payments import payment_record_from_lawpay
from integrations.lawpay.resources import Transaction
from integrations.models import InboundEvent, LawPayTransaction


class LawPayEventUnprocessable(Exception):
    """A stored event that can never be processed, e.g. a currency Remit refuses (§8)."""

    permanent = True


def lawpay_transaction_upsert(*, remote: Transaction) -> LawPayTransaction:
    """Store the gateway's current view of one transaction; the matter comes from the mapping.

    A matter already set (e.g. matched by staff) is kept when the reference resolves to none.
    Call inside ``transaction.atomic``.
    """
    values = {
        "account_id": remote.account_id or "",
        "type": remote.type,
        "status": remote.status,
        "amount": remote.amount,
        "amount_refunded": remote.amount_refunded,
        "currency": remote.currency,
        "reference": (remote.reference or "")[:128],
        "parent_lawpay_id": remote.charge_id or "",
        "failure_code": remote.failure_code or "",
        "method_type": str((remote.raw.get("method") or {}).get("type") or ""),
        "lawpay_created_at": remote.created,
        "data": dict(remote.data),
        "raw": dict(remote.raw),
    }
    mapping = matter_mapping_resolve(reference=remote.reference) if remote.reference else None
    if mapping is not None:
        values["matter"] = mapping.matter
    row, _ = LawPayTransaction.objects.update_or_create(lawpay_id=remote.id, defaults=values)
    return row


def lawpay_event_process(*, event: InboundEvent, client: LawPayClient | None = None) -> str:
    """Re-fetch one hinted event and upsert its transaction; returns a note for the event log."""
    try:
        event_id = str(json.loads(event.body)["id"])
    except (ValueError, KeyError, TypeError) as exc:
        raise LawPayEventUnprocessable(f"stored event without an id: {exc}") from exc
    client = client or lawpay_client()
    try:
        fetched = client.event_get(event_id)
    except NotFound:
        # Anyone who knows the URL can post: an id LawPay does not know changes nothing.
        return f"LawPay does not know event {event_id}; nothing changed"
    try:
        hinted = fetched.transaction
        if hinted is None:
            return f"{fetched.type or 'untyped'} events are not processed"
        current = client.transaction_get(hinted.id)
    except (MoneyError, UnexpectedResponse) as exc:
        raise LawPayEventUnprocessable(str(exc)) from exc
    with transaction.atomic():
        row = lawpay_transaction_upsert(remote=current)
        payment_record_from_lawpay(transaction=row)
    return ""
