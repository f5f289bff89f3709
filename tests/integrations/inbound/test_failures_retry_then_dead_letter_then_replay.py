"""A failing event is retried with backoff, becomes a dead letter, and replays once fixed."""

from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from billing.models import Activity
from integrations.inbound.processing import (
    inbound_event_process,
    inbound_event_replay,
    inbound_events_sweep,
)
from integrations.models import ClioConnection, InboundEvent
from tests.integrations.inbound.support import (
    clio_connection_make,
    clio_delivery,
    clio_post,
    clio_webhook_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clio_down(clio_sandbox):
    """Connected, but to a port where nothing listens: every call fails to connect."""
    connection = clio_connection_make(clio_sandbox.base_url)
    real_url = connection.base_url
    ClioConnection.objects.filter(pk=connection.pk).update(base_url="http://127.0.0.1:9")
    return real_url


@override_settings(INBOUND_MAX_ATTEMPTS=3)
def test_an_event_is_retried_with_backoff_then_dead_then_replayed(
    client, clio_down, enqueued, django_capture_on_commit_callbacks
):
    clio_webhook_make()
    clio_post(client, clio_delivery(record_id=301))
    event = InboundEvent.objects.get()

    first = inbound_event_process(event_id=event.pk)
    assert first.status == InboundEvent.Status.FAILED
    assert first.next_attempt_at > timezone.now()
    assert "ClioTransportError" in first.last_error
    assert inbound_event_process(event_id=event.pk) is None  # not due yet

    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        inbound_events_sweep(source="clio")
    with time_machine.travel(timezone.now() + timedelta(hours=4)):
        inbound_events_sweep(source="clio")
    event.refresh_from_db()
    assert (event.status, event.attempts) == (InboundEvent.Status.DEAD, 3)

    ClioConnection.objects.update(base_url=clio_down)
    with django_capture_on_commit_callbacks(execute=True):
        assert inbound_event_replay(event_id=event.pk)
    replayed = inbound_event_process(event_id=enqueued.events[-1])

    assert replayed.status == InboundEvent.Status.PROCESSED
    assert Activity.objects.filter(clio_id=301).exists()


def test_only_dead_or_failed_events_can_be_replayed(client):
    clio_webhook_make()
    clio_post(client, clio_delivery())

    assert not inbound_event_replay(event_id=InboundEvent.objects.get().pk)


def test_a_bad_stored_delivery_goes_dead_at_once(client):
    webhook = clio_webhook_make()
    clio_post(client, clio_delivery(webhook_id=webhook.clio_id))
    InboundEvent.objects.update(body='{"meta": {"webhook_id": 77}}')

    event = inbound_event_process(event_id=InboundEvent.objects.get().pk)

    assert (event.status, event.attempts) == (InboundEvent.Status.DEAD, 1)
