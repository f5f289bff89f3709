"""A deposit or refund posted in Remit reaches Clio's trust account once, with its signed amount,
matter and client, and a matter note; Clio's figure for the matter moves with it."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction

from billing.models import Matter
from integrations.models import OutboxMessage
from integrations.outbox.relay import outbox_message_deliver, outbox_relay
from tests.integrations.inbound.support import clio_api
from tests.trust.clio.conftest import (
    clio_bank_transactions,
    clio_matter_trust,
    deposit_mirrored,
    mirror_message,
)
from trust.models import TrustClioRecord, TrustEntry
from trust.selectors_crosscheck import clio_trust_figure
from trust.services.clio_mirror import trust_entry_mirror_record
from trust.services.openings import trust_account_link
from trust.services.posting import trust_refund_post

pytestmark = pytest.mark.django_db


def _mirrored(post) -> TrustEntry:
    with transaction.atomic():
        entry = post()
        trust_entry_mirror_record(entry=entry)
    return entry


def test_a_deposit_is_a_bank_transaction_on_the_matter_and_its_client(clio, trust_bank):
    account = trust_account_link(clio_bank_account=trust_bank)
    matter = Matter.objects.get(clio_id=1001)
    entry = deposit_mirrored(account, 1001, "150.25", ref="lawpay-1")

    assert outbox_relay(queue="clio") == 1

    (posted,) = [t for t in clio_bank_transactions(clio, 1001) if t["confirmation"]]
    assert posted["amount"] == 150.25
    assert posted["matter"]["id"] == 1001
    assert posted["client"]["id"] == 2001
    assert posted["date"] == "2026-12-03"
    assert posted["confirmation"] == f"remit-trust-{entry.pk}"
    assert posted["description"].startswith("Deposit: Retainer top-up by card")
    assert clio_matter_trust(clio, 1001) == 2650.25
    record = TrustClioRecord.objects.get(entry=entry)
    assert record.status == TrustClioRecord.Status.RECORDED
    assert record.clio_bank_transaction_id == posted["id"]
    # Remit's copy of Clio's matter moved too, so the cross-check compares fresh figures.
    matter.refresh_from_db()
    assert clio_trust_figure(matter=matter, bank_clio_id=502) == Decimal("2650.25")


def test_a_refund_is_posted_as_money_out(clio, trust_bank):
    account = trust_account_link(clio_bank_account=trust_bank)
    matter = Matter.objects.get(clio_id=1003)
    entry = _mirrored(
        lambda: trust_refund_post(
            account=account,
            matter=matter,
            amount=Decimal("400.00"),
            effective_date=date(2026, 12, 4),
            memo="Unused retainer returned",
        )
    )

    message = outbox_message_deliver(message_id=mirror_message(entry).pk)

    assert message.status == OutboxMessage.Status.SENT
    (posted,) = [t for t in clio_bank_transactions(clio, 1003) if t["confirmation"]]
    assert posted["amount"] == -400.0
    assert clio_matter_trust(clio, 1003) == 9600.0


def test_the_matter_gets_a_note_naming_the_clio_transaction(clio, trust_bank):
    account = trust_account_link(clio_bank_account=trust_bank)
    entry = deposit_mirrored(account, 1001, "75.00", ref="lawpay-2")

    message = outbox_message_deliver(message_id=mirror_message(entry).pk)

    notes = clio_api(
        clio.base_url,
        "GET",
        "notes.json",
        params={"type": "Matter", "matter_id": 1001, "fields": "id,subject,detail"},
    )["data"]
    (note,) = [n for n in notes if n["id"] == message.result["note_id"]]
    assert note["subject"] == "Remit trust: deposit of $75.00"
    assert f"bank transaction {message.result['bank_transaction_id']}" in note["detail"]
