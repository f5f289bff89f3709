"""Search before retry: the gateway's substitute for idempotency keys.

The gateway documents no idempotency key (reference §3 "Idempotency"), so a charge whose
response was lost (timeout, worker killed) may or may not exist. Before charging again, look
for a live charge with the same reference on the same account and return it instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from integrations.lawpay.client import LawPayClient
from integrations.lawpay.money import SUPPORTED_CURRENCY
from integrations.lawpay.resources import Transaction


class ChargeReferenceConflict(Exception):
    """A live charge already carries this reference but for a different amount or currency."""


def charge_find(*, client: LawPayClient, account_id: str, reference: str) -> Transaction | None:
    """The live (not failed, not voided) charge with exactly this reference, if any."""
    for transaction in client.transactions_search(account_id=account_id, reference=reference):
        if transaction.type == "CHARGE" and transaction.is_live:
            return transaction
    return None


def charge_create_once(
    *,
    client: LawPayClient,
    amount: Decimal,
    method: str,
    account_id: str,
    reference: str,
    currency: str = SUPPORTED_CURRENCY,
    data: Mapping[str, Any] | None = None,
) -> Transaction:
    """Charge unless a live charge with ``reference`` already exists on ``account_id``.

    ``reference`` must be unique to this one intended charge (e.g. the outbox row's key), not
    shared by several payments of one invoice. Safe to call on every attempt, first included.
    The search index is eventually consistent (reference §6): retries must be spaced by the
    outbox backoff, not fired immediately after a timeout.
    """
    existing = charge_find(client=client, account_id=account_id, reference=reference)
    if existing is not None:
        if existing.amount != amount or existing.currency != currency:
            raise ChargeReferenceConflict(
                f"Charge {existing.id} already uses reference {reference!r} for "
                f"{existing.amount} {existing.currency}, not {amount} {currency}."
            )
        return existing
    return client.charge_create(
        amount=amount,
        method=method,
        account_id=account_id,
        reference=reference,
        currency=currency,
        data=data,
    )
