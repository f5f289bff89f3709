"""Clio's X-Hook-Secret handshake is echoed only for a webhook Remit created."""

import json

import pytest

from integrations.models import ClioWebhook, InboundEvent

pytestmark = pytest.mark.django_db


def _handshake(client, webhook_id: int):
    return client.post(
        "/webhooks/clio/",
        data=json.dumps({"data": {"webhook_id": webhook_id}}),
        content_type="application/json",
        HTTP_X_HOOK_SECRET="hs-123",
    )


def test_the_handshake_of_remits_webhook_is_echoed(client):
    from tests.integrations.inbound.support import clio_webhook_make

    clio_webhook_make(clio_id=90, status=ClioWebhook.Status.PENDING)

    response = _handshake(client, 90)

    event = InboundEvent.objects.get()
    assert response.status_code == 200
    assert response["X-Hook-Secret"] == "hs-123"
    assert ClioWebhook.objects.get().status == ClioWebhook.Status.ENABLED
    assert event.status == InboundEvent.Status.PROCESSED
    assert "x-hook-secret" not in {name.lower() for name in event.headers}


def test_a_handshake_for_a_webhook_remit_did_not_create_is_refused(client):
    response = _handshake(client, 91)

    assert response.status_code == 401
    assert "X-Hook-Secret" not in response
    assert InboundEvent.objects.get().status == InboundEvent.Status.REJECTED
