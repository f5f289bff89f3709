"""Trust against the Clio emulator over real sockets: Remit connected, the emulator's demo
matters and its trust bank account (502) mirrored by the real sync."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction

from billing.models import BankAccount, Matter
from integrations.clio.sync import clio_record_sync
from integrations.models import OutboxMessage
from tests.integrations.inbound.support import clio_api, clio_connection_make, enqueue_capture
from trust.models import TrustEntry
from trust.services.clio_mirror import trust_entry_mirror_record
from trust.services.posting import trust_deposit_post

TRUST_BANK = 502  # the emulator's "IOLTA Trust Account"
# The emulator's seed: Clio's trust figure per matter (deposits less the one withdrawal).
CLIO_TRUST = {1001: "2500.00", 1002: "3500.00", 1003: "10000.00", 1004: "1200.00"}
MATTERS = (1001, 1002, 1003, 1004, 1005, 1006)


@pytest.fixture(autouse=True)
def enqueued(monkeypatch):
    """No broker: hand-offs are recorded, and tests deliver explicitly."""
    return enqueue_capture(monkeypatch)


@pytest.fixture
def clio(clio_sandbox, db):
    clio_connection_make(clio_sandbox.base_url)
    for matter_id in MATTERS:
        clio_record_sync(model="matter", clio_id=matter_id)
    clio_record_sync(model="bank_account", clio_id=TRUST_BANK)
    return clio_sandbox


@pytest.fixture
def trust_bank(clio) -> BankAccount:
    return BankAccount.objects.get(clio_id=TRUST_BANK)


def clio_matter_trust(clio, matter_id: int) -> float | None:
    """The emulator's own figure: the matter's account_balances entry for the trust account."""
    matter = clio_api(
        clio.base_url,
        "GET",
        f"matters/{matter_id}.json",
        params={"fields": "id,account_balances{id,type,balance}"},
    )["data"]
    return next(
        (b["balance"] for b in matter["account_balances"] or [] if b["id"] == TRUST_BANK), None
    )


def clio_bank_transactions(clio, matter_id: int) -> list[dict]:
    return clio_api(
        clio.base_url,
        "GET",
        "bank_transactions.json",
        params={
            "matter_id": matter_id,
            "bank_account_id": TRUST_BANK,
            "fields": "id,amount,date,description,confirmation,matter{id},client{id}",
        },
    )["data"]


def clio_bank_transaction_add(clio, matter_id: int, amount: float, description: str) -> dict:
    """Someone enters a transaction in Clio directly (not through Remit)."""
    return clio_api(
        clio.base_url,
        "POST",
        "bank_transactions.json",
        json={
            "data": {
                "bank_account": {"id": TRUST_BANK},
                "matter": {"id": matter_id},
                "amount": amount,
                "date": "2026-12-01",
                "description": description,
            }
        },
        params={"fields": "id"},
    )["data"]


def deposit_mirrored(account, matter_clio_id: int, amount: str, *, ref: str) -> TrustEntry:
    """A LawPay deposit posted in Remit, its Clio mirror recorded in the same transaction."""
    with transaction.atomic():
        entry = trust_deposit_post(
            account=account,
            matter=Matter.objects.get(clio_id=matter_clio_id),
            amount=Decimal(amount),
            effective_date=date(2026, 12, 3),
            source=TrustEntry.Source.PROCESSOR,
            source_ref=ref,
            memo="Retainer top-up by card",
        )
        trust_entry_mirror_record(entry=entry)
    return entry


def mirror_message(entry: TrustEntry) -> OutboxMessage:
    return OutboxMessage.objects.get(dedupe_key=f"clio.trust.transaction:{entry.pk}")
