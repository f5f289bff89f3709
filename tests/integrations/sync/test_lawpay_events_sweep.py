"""The LawPay half of the sweep stores events no webhook delivered, once, for processing."""

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import requests

from integrations.lawpay.client import LawPayClient
from integrations.lawpay.sweep import lawpay_events_sweep_run
from integrations.models import InboundEvent, Source, SyncState


@pytest.fixture
def lawpay(lawpay_sandbox, db):
    credentials = requests.get(f"{lawpay_sandbox.base_url}/_sandbox/credentials", timeout=10)
    credentials = credentials.json()
    client = LawPayClient(
        secret_key=credentials["test_secret_key"], base_url=lawpay_sandbox.base_url
    )
    account = next(
        a for a in credentials["accounts"]
        if a["mode"] == "TEST" and a["kind"] == "card" and not a["trust_account"]
    )  # fmt: skip

    def charge(reference: str):
        token = requests.post(
            f"{lawpay_sandbox.base_url}/v1/tokens",
            json={
                "type": "card",
                "number": "4242424242424242",
                "exp_month": 12,
                "exp_year": datetime.now(UTC).year + 2,
                "cvv": "123",
                "name": "Pat Client",
                "postal_code": "78701",
            },
            auth=(credentials["public_key"], ""),
            timeout=10,
        ).json()["id"]
        return client.charge_create(
            amount=Decimal("25.00"), method=token, account_id=account["id"], reference=reference
        )

    client.charge = charge
    yield client
    client.close()


def test_events_missed_by_the_webhook_are_stored_for_processing(lawpay):
    charge = lawpay.charge("00001-Smith-2026-0001")

    result = lawpay_events_sweep_run(client=lawpay)

    stored = InboundEvent.objects.filter(source=Source.LAWPAY)
    assert result.healed == stored.count() >= 1
    assert all(e.status == InboundEvent.Status.RECEIVED for e in stored)
    bodies = [json.loads(e.body) for e in stored]
    assert {b["id"] for b in bodies} == set(stored.values_list("dedupe_key", flat=True))
    assert any(b["data"].get("id") == charge.id for b in bodies)
    state = SyncState.objects.get(source=Source.LAWPAY, resource="events")
    assert state.last_sweep_healed == result.healed


def test_an_event_already_received_is_not_stored_again(lawpay):
    lawpay.charge("00001-Smith-2026-0002")
    lawpay_events_sweep_run(client=lawpay)
    count = InboundEvent.objects.count()

    again = lawpay_events_sweep_run(client=lawpay)

    assert again.healed == 0
    assert again.seen >= 1
    assert InboundEvent.objects.count() == count
