"""Clio has no idempotency key: a delivery repeated after Clio stored the transaction but
before Remit saved the answer finds it by its confirmation instead of posting it again."""

import pytest

from integrations.models import ClioConnection, OutboxMessage
from integrations.outbox.relay import outbox_message_deliver
from tests.integrations.inbound.support import clio_api
from tests.trust.clio.conftest import (
    clio_bank_transactions,
    clio_matter_trust,
    deposit_mirrored,
    mirror_message,
)
from trust.models import TrustClioRecord
from trust.services.openings import trust_account_link

pytestmark = pytest.mark.django_db


def _deposit_mirrored(trust_bank) -> OutboxMessage:
    account = trust_account_link(clio_bank_account=trust_bank)
    return mirror_message(deposit_mirrored(account, 1002, "500.00", ref="lawpay-retry-1"))


def _remit_posted(clio) -> list[dict]:
    return [t for t in clio_bank_transactions(clio, 1002) if t["confirmation"]]


def test_a_repeat_after_a_lost_answer_finds_the_transaction(clio, trust_bank):
    message = _deposit_mirrored(trust_bank)
    outbox_message_deliver(message_id=message.pk)
    # As if the worker died after Clio's 201, before Remit committed anything of it.
    OutboxMessage.objects.filter(pk=message.pk).update(
        status="failed", result={}, last_error="ClioTransportError: read timed out"
    )
    TrustClioRecord.objects.all().delete()

    again = outbox_message_deliver(message_id=message.pk)

    (posted,) = _remit_posted(clio)
    assert again.status == OutboxMessage.Status.SENT
    assert again.result["bank_transaction_id"] == posted["id"]
    assert TrustClioRecord.objects.get().clio_bank_transaction_id == posted["id"]
    assert clio_matter_trust(clio, 1002) == 4000.0
    notes = clio_api(
        clio.base_url,
        "GET",
        "notes.json",
        params={"type": "Matter", "matter_id": 1002, "fields": "id,subject"},
    )["data"]
    assert [n["subject"] for n in notes].count("Remit trust: deposit of $500.00") == 1


def test_a_replay_of_a_sent_message_changes_nothing_in_clio(clio, trust_bank):
    message = _deposit_mirrored(trust_bank)
    outbox_message_deliver(message_id=message.pk)
    OutboxMessage.objects.filter(pk=message.pk).update(status="dead")

    OutboxMessage.objects.filter(pk=message.pk).update(status="new", attempts=0)
    outbox_message_deliver(message_id=message.pk)

    assert len(_remit_posted(clio)) == 1


def test_clio_out_of_reach_leaves_the_message_to_retry(clio, trust_bank):
    message = _deposit_mirrored(trust_bank)
    ClioConnection.objects.update(base_url="http://127.0.0.1:9")  # nothing listens there

    tried = outbox_message_deliver(message_id=message.pk)

    assert tried.status == OutboxMessage.Status.FAILED
    assert tried.next_attempt_at is not None
    assert not TrustClioRecord.objects.exists()
    assert _remit_posted(clio) == []
