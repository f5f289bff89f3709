"""The upkeep renews a webhook close to expiry and recreates one Clio deleted or suspended."""

from datetime import timedelta

import pytest
from django.utils import timezone

from integrations.clio.connection import clio_client
from integrations.models import ClioWebhook
from tests.integrations.inbound.support import clio_api

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_webhook_with_less_than_a_week_left_is_renewed(ensure, remit_at_live_server):
    ensure()
    webhook = ClioWebhook.objects.get(model="activity")
    soon = (timezone.now() + timedelta(days=2)).isoformat(timespec="seconds")
    clio_client().patch(f"webhooks/{webhook.clio_id}.json", data={"expires_at": soon})

    report = ensure()

    webhook.refresh_from_db()
    assert report.renewed == ["activity"]
    assert webhook.expires_at > timezone.now() + timedelta(days=27)
    remote = clio_api(
        remit_at_live_server.base_url,
        "GET",
        f"webhooks/{webhook.clio_id}.json",
        params={"fields": "expires_at"},
    )["data"]
    assert remote["expires_at"].startswith(webhook.expires_at.date().isoformat())


def test_a_webhook_deleted_at_clio_is_recreated(ensure, remit_at_live_server):
    ensure()
    old = ClioWebhook.objects.get(model="matter")
    clio_client().delete(f"webhooks/{old.clio_id}.json")

    report = ensure()

    old.refresh_from_db()
    new = ClioWebhook.objects.exclude(status="deleted").get(model="matter")
    assert report.recreated == ["matter"]
    assert old.status == ClioWebhook.Status.DELETED
    assert new.clio_id != old.clio_id and new.status == ClioWebhook.Status.ENABLED
    remote_ids = {
        w["id"] for w in clio_api(remit_at_live_server.base_url, "GET", "webhooks.json")["data"]
    }
    assert new.clio_id in remote_ids and old.clio_id not in remote_ids


def test_a_suspended_webhook_is_replaced(ensure, remit_at_live_server, monkeypatch):
    ensure()
    old = ClioWebhook.objects.get(model="contact")
    client = clio_client()
    real_get = client.get

    def get(path, **kwargs):
        record = real_get(path, **kwargs)
        if path == f"webhooks/{old.clio_id}.json":
            # The emulator suspends only after a delivery exhausts its retries; say so here.
            return type(record)(data={**record.data, "status": "suspended"}, etag=record.etag)
        return record

    monkeypatch.setattr(client, "get", get)

    report = ensure(client=client)

    assert report.recreated == ["contact"]
    assert ClioWebhook.objects.get(pk=old.pk).status == ClioWebhook.Status.DELETED
    assert ClioWebhook.objects.filter(model="contact", status="enabled").count() == 1


def test_a_webhook_remit_no_longer_keeps_is_removed_at_clio(
    ensure, remit_at_live_server, live_server
):
    ensure()
    stray = (
        clio_client()
        .create(
            "webhooks.json",
            data={"url": f"{live_server.url}/webhooks/clio/", "model": "task", "fields": "id"},
        )
        .data
    )

    report = ensure()

    assert report.removed == [stray["id"]]


def test_nothing_happens_while_clio_is_not_connected(db, ensure):
    assert ensure().skipped == "Clio is not connected"
