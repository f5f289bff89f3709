"""Processing a stored Clio delivery re-fetches the record from Clio and upserts its mirror."""

import pytest

from billing.models import Activity
from integrations.inbound.processing import inbound_event_process
from integrations.models import ClioWebhook, InboundEvent
from tests.integrations.inbound.support import (
    clio_connection_make,
    clio_delivery,
    clio_post,
    clio_webhook_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def connected(clio_sandbox):
    clio_connection_make(clio_sandbox.base_url)
    return clio_sandbox


def _receive(client, **delivery) -> InboundEvent:
    assert clio_post(client, clio_delivery(**delivery)).status_code == 200
    return InboundEvent.objects.latest("pk")


def test_a_created_activity_is_mirrored(client, connected):
    clio_webhook_make(model="activity")
    event = _receive(client, record_id=301)

    processed = inbound_event_process(event_id=event.pk)

    activity = Activity.objects.get(clio_id=301)
    assert processed.status == InboundEvent.Status.PROCESSED
    assert activity.matter.clio_id == 1001
    assert ClioWebhook.objects.get().last_delivery_at == event.received_at


def test_processing_the_same_event_again_does_nothing(client, connected):
    clio_webhook_make(model="activity")
    event = _receive(client, record_id=301)
    inbound_event_process(event_id=event.pk)

    again = inbound_event_process(event_id=event.pk)

    assert again is None
    assert Activity.objects.filter(clio_id=301).count() == 1


def test_a_deleted_event_marks_the_mirror_deleted(client, connected):
    clio_webhook_make(model="activity")
    inbound_event_process(event_id=_receive(client, record_id=301).pk)

    event = _receive(client, record_id=301, event="deleted")
    inbound_event_process(event_id=event.pk)

    assert Activity.objects.get(clio_id=301).deleted_at is not None


def test_a_delivery_for_a_model_remit_does_not_sync_is_noted(client, connected):
    clio_webhook_make(model="bill")
    event = _receive(client, record_id=801)

    processed = inbound_event_process(event_id=event.pk)

    assert processed.status == InboundEvent.Status.PROCESSED
    assert processed.last_error == "note: bill records are not synced"
