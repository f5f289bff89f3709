"""The relay retries a failing delivery with backoff, sends it once, and dead-letters for good."""

from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from integrations.models import OutboxMessage
from integrations.outbox import registry
from integrations.outbox import relay as outbox
from integrations.outbox.record import outbox_record
from integrations.outbox.registry import outbox_handler
from integrations.outbox.relay import outbox_message_deliver, outbox_message_replay, outbox_relay

pytestmark = pytest.mark.django_db


@pytest.fixture
def remote(monkeypatch) -> dict:
    """A pretend remote side that fails while ``down`` and counts the effects it performed."""
    state = {"down": 0, "effects": 0, "calls": 0}
    monkeypatch.setattr(registry, "_HANDLERS", dict(registry._HANDLERS))

    @outbox_handler("test.effect")
    def effect(message: OutboxMessage) -> dict:
        state["calls"] += 1
        if state["down"]:
            state["down"] -= 1
            raise ConnectionError("remote down")
        state["effects"] += 1
        return {"remote_id": f"r-{message.pk}"}

    return state


def _later(hours: float):
    return time_machine.travel(timezone.now() + timedelta(hours=hours))


def test_a_failed_delivery_is_retried_later_and_sent_once(remote):
    remote["down"] = 1
    message = outbox_record(kind="test.effect", dedupe_key="e:1", payload={})

    failed = outbox_message_deliver(message_id=message.pk)
    assert (failed.status, failed.attempts) == ("failed", 1)
    assert failed.next_attempt_at > timezone.now()
    assert outbox_relay(queue="default") == 0  # not due yet

    with _later(1):
        assert outbox_relay(queue="default") == 1
        assert outbox_relay(queue="default") == 0

    message.refresh_from_db()
    assert (message.status, message.result) == ("sent", {"remote_id": f"r-{message.pk}"})
    assert remote["effects"] == 1


@override_settings(OUTBOX_MAX_ATTEMPTS=2)
def test_a_message_that_keeps_failing_becomes_dead_and_replays(remote):
    remote["down"] = 99
    message = outbox_record(kind="test.effect", dedupe_key="e:2", payload={})
    outbox_message_deliver(message_id=message.pk)
    with _later(1):
        outbox_relay(queue="default")
    with _later(3):
        outbox_relay(queue="default")
    message.refresh_from_db()
    assert (message.status, message.attempts, remote["calls"]) == ("dead", 2, 2)

    remote["down"] = 0
    assert outbox_message_replay(message_id=message.pk)
    assert outbox_relay(queue="default") == 1
    assert remote["effects"] == 1


def test_a_message_of_an_unknown_kind_waits_for_its_handler(remote):
    message = outbox_record(kind="nobody.handles.this", dedupe_key="e:3", payload={})

    delivered = outbox_message_deliver(message_id=message.pk)

    assert delivered.status == "failed"
    assert "no outbox handler" in delivered.last_error


def test_each_queue_relays_only_its_own_kinds(remote):
    outbox_record(kind="test.effect", dedupe_key="e:4", payload={})
    outbox_record(kind="clio.note.create", dedupe_key="e:5", payload={})

    assert outbox.outbox_messages_due(queue="lawpay", now=timezone.now(), limit=10) == []
    assert len(outbox.outbox_messages_due(queue="clio", now=timezone.now(), limit=10)) == 1
    assert outbox_relay(queue="default") == 1
