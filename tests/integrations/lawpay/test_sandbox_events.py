"""Events are listed for the sweep and re-fetched by id (webhooks are only hints, §5)."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from integrations.lawpay import errors


def test_a_charge_produces_events_that_can_be_fetched_by_id(gateway):
    before = datetime.now(UTC) - timedelta(minutes=1)
    charge = gateway.client.charge_create(
        amount=Decimal("19.99"),
        method=gateway.card_token(),
        account_id=gateway.operating_id,
        reference="EVT-1",
    )
    events = [
        e for e in gateway.client.events_list(start_date=before) if e.data.get("id") == charge.id
    ]
    assert events, "no event carries the new charge"
    assert {e.type for e in events} & {"transaction.created", "transaction.authorized"}
    fetched = gateway.client.event_get(events[-1].id)
    assert fetched.id == events[-1].id
    assert fetched.transaction.id == charge.id
    assert fetched.transaction.reference == "EVT-1"
    assert fetched.transaction.amount == Decimal("19.99")


def test_events_since_a_date_come_oldest_first(gateway):
    before = datetime.now(UTC) - timedelta(minutes=1)
    for i in range(3):
        gateway.client.charge_create(
            amount=Decimal("1.00"),
            method=gateway.card_token(),
            account_id=gateway.operating_id,
            reference=f"EVT-ORDER-{i}",
        )
    created = [e.created for e in gateway.client.events_list(start_date=before, page_size=2)]
    assert len(created) >= 3
    assert created == sorted(created)


def test_an_unknown_event_id_is_not_found(gateway):
    with pytest.raises(errors.NotFound):
        gateway.client.event_get("AAAAAAAAAAAAAAAAAAAAAA")


def test_webhook_urls_can_be_registered(gateway):
    merchant = gateway.client.merchant_events_urls_set(
        test_urls=["http://127.0.0.1:9/hooks/lawpay"]
    )
    assert merchant.test_events_urls == ("http://127.0.0.1:9/hooks/lawpay",)
    assert gateway.client.merchant().test_events_urls == ("http://127.0.0.1:9/hooks/lawpay",)


def test_the_capture_tick_is_announced_as_transaction_completed(gateway):
    before = datetime.now(UTC) - timedelta(minutes=1)
    charge = gateway.client.charge_create(
        amount=Decimal("5.00"),
        method=gateway.card_token(),
        account_id=gateway.operating_id,
        reference="EVT-CAPTURE",
    )
    gateway.capture_tick()
    completed = [
        e
        for e in gateway.client.events_list(start_date=before)
        if e.type == "transaction.completed" and e.data.get("id") == charge.id
    ]
    assert len(completed) == 1
    assert gateway.client.event_get(completed[0].id).transaction.status == "COMPLETED"
