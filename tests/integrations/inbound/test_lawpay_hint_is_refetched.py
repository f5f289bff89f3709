"""A LawPay hint counts only once re-fetched; the transaction comes from LawPay, not the body."""

import json
from decimal import Decimal

import pytest
import requests

from billing.models import Matter, MatterMapping
from integrations.inbound.processing import inbound_event_process
from integrations.lawpay.connection import lawpay_client
from integrations.models import InboundEvent, LawPayTransaction
from tests.integrations.inbound.support import lawpay_charge, lawpay_post, lawpay_sandbox_connect

pytestmark = pytest.mark.django_db


@pytest.fixture
def lawpay(lawpay_sandbox):
    lawpay_sandbox_connect(lawpay_sandbox.base_url)
    return lawpay_sandbox


def _hint(client, body: dict) -> InboundEvent:
    assert lawpay_post(client, json.dumps(body)).status_code == 200
    return InboundEvent.objects.get(dedupe_key=body["id"])


def test_a_hint_with_an_unknown_id_changes_nothing(client, lawpay):
    forged = {
        "id": "evt_forged",
        "type": "transaction.completed",
        "data": {"id": "tx_forged", "amount": 999999, "status": "COMPLETED"},
    }

    processed = inbound_event_process(event_id=_hint(client, forged).pk)

    assert processed.status == InboundEvent.Status.PROCESSED
    assert "does not know event evt_forged" in processed.last_error
    assert LawPayTransaction.objects.count() == 0


def test_the_transaction_is_stored_as_lawpay_has_it_not_as_hinted(client, lawpay):
    matter = Matter.objects.create(clio_id=1001, display_number="00001-Smith")
    MatterMapping.objects.create(
        matter=matter, clio_matter_id=1001, display_number="00001-Smith", reference="00001-Smith"
    )
    charge_id = lawpay_charge(lawpay.base_url, amount="125.00", reference="00001-Smith")
    event = next(e for e in lawpay_client().events_list() if e.data.get("id") == charge_id)
    tampered = {**event.raw, "data": {**event.raw["data"], "amount": 1, "reference": "other"}}

    inbound_event_process(event_id=_hint(client, tampered).pk)

    stored = LawPayTransaction.objects.get(lawpay_id=charge_id)
    assert stored.amount == Decimal("125.00")
    assert stored.reference == "00001-Smith"
    assert stored.matter == matter
    assert stored.status == "AUTHORIZED"


def test_out_of_order_and_duplicate_hints_converge_on_the_current_state(client, lawpay):
    charge_id = lawpay_charge(lawpay.base_url, amount="80.00", reference="REF-1")
    requests.post(f"{lawpay.base_url}/_sandbox/capture", json={}, timeout=10).raise_for_status()
    events = [e for e in lawpay_client().events_list() if e.data.get("id") == charge_id]
    assert {e.type for e in events} >= {"transaction.authorized", "transaction.completed"}

    # Newest first, then the same again: the oldest hint is processed last, twice.
    for hinted in [*events, *events]:
        event = _hint(client, dict(hinted.raw))
        inbound_event_process(event_id=event.pk)

    stored = LawPayTransaction.objects.get()
    assert stored.status == "COMPLETED"
    assert InboundEvent.objects.filter(source="lawpay").count() == len(events)
