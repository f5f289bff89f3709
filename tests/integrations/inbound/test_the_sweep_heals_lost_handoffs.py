"""Events whose hand-off to a worker was lost, or whose worker died, are processed by the sweep."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from integrations.inbound.processing import inbound_events_sweep
from integrations.models import InboundEvent, LawPayTransaction
from tests.integrations.inbound.support import lawpay_connection_make, lawpay_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def lawpay_unknown_events(lawpay_sandbox):
    from tests.integrations.inbound.support import lawpay_sandbox_connect

    lawpay_sandbox_connect(lawpay_sandbox.base_url)


def test_a_received_event_nobody_was_told_about_is_processed(client, lawpay_unknown_events):
    lawpay_post(client, '{"id": "evt_lost"}')  # the enqueue is captured, never run

    assert inbound_events_sweep(source="lawpay") == 1
    assert InboundEvent.objects.get().status == InboundEvent.Status.PROCESSED
    assert LawPayTransaction.objects.count() == 0


def test_a_claim_left_by_a_dead_worker_is_taken_over_after_a_while(client, lawpay_unknown_events):
    lawpay_post(client, '{"id": "evt_orphan"}')
    InboundEvent.objects.update(status="processing", claimed_at=timezone.now(), attempts=1)

    assert inbound_events_sweep(source="lawpay") == 0
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        assert inbound_events_sweep(source="lawpay") == 1
    assert InboundEvent.objects.get().attempts == 2


def test_the_sweep_leaves_the_other_source_alone(client):
    lawpay_connection_make()
    lawpay_post(client, '{"id": "evt_1"}')

    assert inbound_events_sweep(source="clio") == 0
    assert InboundEvent.objects.get().status == InboundEvent.Status.RECEIVED
