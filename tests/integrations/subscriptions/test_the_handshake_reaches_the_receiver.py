"""Clio's handshake reaches Remit's live receiver, which confirms it by echoing the secret."""

import pytest
import requests

from integrations.clio.connection import clio_client
from integrations.models import ClioWebhook, InboundEvent
from tests.integrations.inbound.support import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_url_change_is_confirmed_by_the_receivers_echo(ensure, remit_at_live_server, live_server):
    ensure()
    webhook = ClioWebhook.objects.get(model="contact")
    client = clio_client()

    # A new URL (same receiver) makes Clio repeat the handshake; nobody calls activate now.
    client.patch(
        f"webhooks/{webhook.clio_id}.json",
        data={"url": f"{live_server.url}/webhooks/clio/?again=1"},
    )

    wait_for(
        lambda: (
            client.get(f"webhooks/{webhook.clio_id}.json", fields="status").data["status"]
            == "enabled"
        )
    )
    deliveries = requests.get(
        f"{remit_at_live_server.base_url}/_sandbox/webhook_deliveries",
        params={"webhook_id": webhook.clio_id, "kind": "handshake"},
        timeout=10,
    ).json()
    deliveries = deliveries.get("data", deliveries.get("deliveries", deliveries))
    assert any(d["status"] == "delivered" and d["last_status_code"] == 200 for d in deliveries)
    assert InboundEvent.objects.filter(
        dedupe_key__startswith=f"handshake:{webhook.clio_id}:"
    ).exists()
