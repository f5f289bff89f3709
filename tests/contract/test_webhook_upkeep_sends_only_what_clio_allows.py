"""Creating, confirming, renewing, recreating and clearing Remit's webhooks: all allowed."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from integrations.clio.connection import clio_client
from integrations.clio.subscriptions import clio_webhooks_ensure
from integrations.models import ClioWebhook
from tests.contract.conftest import templates
from tests.contract.recording import clio_contract_report

pytestmark = pytest.mark.django_db

# Nothing listens here, so each handshake fails and the upkeep confirms with PUT …/activate.
NOBODY = "http://127.0.0.1:9"


def test_the_webhook_upkeep_is_allowed(clio, clio_requests):
    with override_settings(REMIT_PUBLIC_URL=NOBODY):
        clio_webhooks_ensure()
        activity = ClioWebhook.objects.get(model="activity")
        soon = (timezone.now() + timedelta(days=2)).isoformat(timespec="seconds")
        clio_client().patch(f"webhooks/{activity.clio_id}.json", data={"expires_at": soon})
        clio_client().delete(f"webhooks/{ClioWebhook.objects.get(model='matter').clio_id}.json")

        report = clio_webhooks_ensure()

    assert (report.renewed, report.recreated) == (["activity"], ["matter"])
    assert clio_contract_report(clio_requests) == []
    assert templates(clio_requests) == {
        "POST /webhooks.json",
        "GET /webhooks/{id}.json",
        "PUT /webhooks/{id}/activate",
        "PATCH /webhooks/{id}.json",
        "DELETE /webhooks/{id}.json",
        "GET /webhooks.json",
    }
