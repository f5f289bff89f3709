"""Remit creates its matter, contact and activity webhooks at Clio and they end up enabled."""

import pytest

from integrations.clio.subscriptions import WEBHOOK_EVENTS
from integrations.models import ClioWebhook
from tests.integrations.inbound.support import clio_api

pytestmark = pytest.mark.django_db(transaction=True)


def test_three_enabled_webhooks_point_at_remit(ensure, remit_at_live_server, live_server):
    report = ensure()

    remote = clio_api(
        remit_at_live_server.base_url,
        "GET",
        "webhooks.json",
        params={"fields": "id,model,status,url,events,fields,expires_at"},
    )["data"]
    assert sorted(report.created) == ["activity", "contact", "matter"]
    assert {w["model"]: w["status"] for w in remote} == dict.fromkeys(WEBHOOK_EVENTS, "enabled")
    assert {w["url"] for w in remote} == {f"{live_server.url}/webhooks/clio/"}
    matter = next(w for w in remote if w["model"] == "matter")
    assert set(matter["events"]) >= {"matter_opened", "matter_pended", "matter_closed"}
    assert matter["fields"] == "id,etag,updated_at"
    local = ClioWebhook.objects.order_by("model")
    assert [(w.model, w.status) for w in local] == [(m, "enabled") for m in sorted(WEBHOOK_EVENTS)]
    assert all(len(w.shared_secret) > 10 for w in local)


def test_running_the_upkeep_again_changes_nothing(ensure, remit_at_live_server):
    ensure()

    report = ensure()

    assert (report.created, report.recreated, report.renewed) == ([], [], [])
    assert ClioWebhook.objects.count() == 3
    assert len(clio_api(remit_at_live_server.base_url, "GET", "webhooks.json")["data"]) == 3
