"""End to end over real sockets: time entered in Clio reaches Remit's receiver, is verified,
stored and processed into the Activity mirror."""

import pytest
import requests
from django.test import override_settings

from billing.models import Activity
from integrations.clio.subscriptions import clio_webhooks_ensure
from integrations.models import InboundEvent
from tests.integrations.inbound.support import (
    SERVER_LOCK,
    clio_connection_make,
    enqueue_capture,
    live_server_serialized,
    wait_for,
)


@pytest.fixture
def serialized(clio_sandbox, live_server, monkeypatch):
    with live_server_serialized(monkeypatch, emulator_url=clio_sandbox.base_url):
        yield


@pytest.mark.django_db(transaction=True)
def test_a_time_entry_created_in_clio_is_mirrored_in_remit(
    clio_sandbox, live_server, monkeypatch, serialized
):
    enqueue_capture(monkeypatch, eager=True)
    with override_settings(REMIT_PUBLIC_URL=live_server.url), SERVER_LOCK:
        clio_connection_make(clio_sandbox.base_url)
        clio_webhooks_ensure()
    with override_settings(REMIT_PUBLIC_URL=live_server.url):
        entry = requests.post(
            f"{clio_sandbox.base_url}/_sandbox/time_entries",
            json={"matter_id": 1001, "hours": 1.5, "note": "Drafted the end-to-end test"},
            timeout=10,
        )
        entry.raise_for_status()
        clio_id = entry.json()["id"] if "id" in entry.json() else entry.json()["data"]["id"]

        activity = wait_for(lambda: Activity.objects.filter(clio_id=clio_id).first())
        wait_for(lambda: not InboundEvent.objects.filter(status__in=["received", "processing"]))

    with SERVER_LOCK:
        deliveries = InboundEvent.objects.filter(source="clio", headers__has_key="X-Hook-Signature")
        assert activity.matter.clio_id == 1001
        assert activity.total > 0
        assert deliveries.exists()
        assert {event.status for event in deliveries} == {"processed"}
        assert (
            not InboundEvent.objects.filter(status="rejected")
            .exclude(rejection_reason="handshake for a webhook Remit has not stored (yet)")
            .exists()
        )
