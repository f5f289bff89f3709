from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from integrations.models import ClioWebhook, InboundEvent, OutboxMessage, SyncState


def dead_event(**fields) -> InboundEvent:
    defaults = {
        "source": "lawpay",
        "dedupe_key": "evt-1",
        "status": InboundEvent.Status.DEAD,
        "body": "{}",
        "body_sha256": "0" * 64,
        "attempts": 8,
        "last_error": "GatewayUnavailable: 503",
    }
    return InboundEvent.objects.create(**{**defaults, **fields})


def test_a_fresh_install_lists_what_is_not_connected(client, firm_admin):
    client.force_login(firm_admin)

    response = client.get(reverse("integrations:health"))

    problems = response.context["health"].problems
    assert "Clio is not connected." in problems
    assert "LawPay accounts are not chosen." in problems


def test_dead_letters_are_counted_listed_and_replayed(client, firm_admin):
    event = dead_event()
    client.force_login(firm_admin)

    page = client.get(reverse("integrations:health"))
    client.post(reverse("integrations:replay", args=["event", event.pk]))

    event.refresh_from_db()
    assert page.context["health"].inbound_dead == 1
    assert "GatewayUnavailable: 503" in page.content.decode()
    assert event.status != InboundEvent.Status.DEAD


def test_replaying_every_outbound_dead_letter(client, firm_admin):
    for n in range(3):
        OutboxMessage.objects.create(
            kind="clio.note.create", dedupe_key=f"k{n}", status=OutboxMessage.Status.DEAD
        )
    client.force_login(firm_admin)

    client.post(reverse("integrations:replay-all", args=["outbox"]))

    assert not OutboxMessage.objects.filter(status=OutboxMessage.Status.DEAD).exists()


def test_a_webhook_close_to_expiry_is_a_problem(client, firm_admin):
    ClioWebhook.objects.create(
        clio_id=7,
        model="matter",
        url="http://remit/webhooks/clio/",
        fields="id",
        shared_secret="s",
        status=ClioWebhook.Status.ENABLED,
        expires_at=timezone.now() + timedelta(hours=3),
    )
    client.force_login(firm_admin)

    problems = client.get(reverse("integrations:health")).context["health"].problems

    assert "Clio matter webhook expires soon and was not renewed." in problems


def test_backfill_progress_shows_records_pages_and_rate(client, firm_admin):
    now = timezone.now()
    SyncState.objects.create(
        source="clio",
        resource="matters",
        records_synced=400,
        pages_fetched=2,
        api_calls=2,
        backfill_started_at=now - timedelta(seconds=10),
        backfill_finished_at=now,
    )
    client.force_login(firm_admin)

    row = client.get(reverse("integrations:health")).context["health"].sync[0]

    assert (row.records, row.pages, row.api_calls) == (400, 2, 2)
    assert row.records_per_second == pytest.approx(40.0, rel=0.01)


@pytest.mark.parametrize("persona", ["billing_clerk", "attorney"])
def test_only_admins_see_health_or_replay(client, db, request, persona):
    event = dead_event()
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("integrations:health")).status_code == 403
    assert client.post(reverse("integrations:replay", args=["event", event.pk])).status_code == 403
    event.refresh_from_db()
    assert event.status == InboundEvent.Status.DEAD


def test_the_health_api_answers_with_a_token_and_refuses_without(client, firm_admin):
    token = Token.objects.create(user=firm_admin)

    anonymous = client.get("/api/v1/health/")
    with_token = client.get("/api/v1/health/", HTTP_AUTHORIZATION=f"Token {token.key}")

    assert anonymous.status_code in (401, 403)
    assert with_token.status_code == 200
    assert with_token.json()["healthy"] is False
    assert "Clio is not connected." in with_token.json()["problems"]


def test_a_running_backfill_shows_how_long_is_left(client, firm_admin):
    SyncState.objects.create(
        source="clio",
        resource="activities",
        records_synced=1000,
        records_total=5000,
        pages_fetched=5,
        api_calls=5,
        backfill_started_at=timezone.now() - timedelta(seconds=10),
    )
    client.force_login(firm_admin)

    response = client.get(reverse("integrations:health"))

    row = response.context["health"].sync[0]
    assert row.eta_seconds == pytest.approx(40, abs=2)  # 4,000 left at ~100 records/s
    assert "s left" in response.content.decode()
