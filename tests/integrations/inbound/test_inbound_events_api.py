"""/api/v1/inbound-events/: list and filter, replay one, replay every dead letter."""

import pytest

from integrations.models import InboundEvent
from tests.integrations.inbound.support import lawpay_connection_make, lawpay_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(client):
    lawpay_connection_make()
    for event_id in ("evt_1", "evt_2", "evt_3"):
        lawpay_post(client, f'{{"id": "{event_id}"}}')
    lawpay_post(client, "{", token="wrong")
    InboundEvent.objects.filter(dedupe_key__in=["evt_1", "evt_2"]).update(
        status="dead", attempts=8, last_error="boom"
    )
    return InboundEvent.objects.order_by("pk")


def test_an_admin_lists_events_filtered_by_source_and_status(client, firm_admin, events):
    client.force_login(firm_admin)

    everything = client.get("/api/v1/inbound-events/").json()
    dead = client.get("/api/v1/inbound-events/?source=lawpay&status=dead").json()

    assert everything["count"] == 4
    assert {e["dedupe_key"] for e in dead["results"]} == {"evt_1", "evt_2"}
    assert dead["results"][0]["last_error"] == "boom"


def test_an_admin_replays_one_dead_event(
    client, firm_admin, events, enqueued, django_capture_on_commit_callbacks
):
    client.force_login(firm_admin)
    dead = events.get(dedupe_key="evt_1")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/inbound-events/{dead.pk}/replay/")

    assert response.status_code == 200
    assert response.json()["status"] == "received"
    assert enqueued.events[-1] == dead.pk


def test_replaying_an_event_that_is_not_dead_is_a_conflict(client, firm_admin, events):
    client.force_login(firm_admin)
    received = events.get(dedupe_key="evt_3")

    assert client.post(f"/api/v1/inbound-events/{received.pk}/replay/").status_code == 409


def test_an_admin_replays_every_dead_letter(client, firm_admin, events):
    client.force_login(firm_admin)

    response = client.post("/api/v1/inbound-events/replay-dead/")

    assert response.json() == {"replayed": 2}
    assert not InboundEvent.objects.filter(status="dead").exists()


def test_an_attorney_may_not_see_or_replay_events(client, attorney, events):
    client.force_login(attorney)

    assert client.get("/api/v1/inbound-events/").status_code == 403
    assert client.post("/api/v1/inbound-events/replay-dead/").status_code == 403
    assert InboundEvent.objects.filter(status="dead").count() == 2


def test_anonymous_requests_are_refused(client, events):
    assert client.get("/api/v1/inbound-events/").status_code in (401, 403)
