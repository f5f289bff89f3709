"""Unsigned, tampered or unknown-webhook Clio deliveries get 401, are kept, never processed."""

import pytest

from integrations.clio import webhooks
from integrations.inbound.processing import inbound_events_due
from integrations.models import InboundEvent
from tests.integrations.inbound.support import (
    CLIO_SECRET,
    clio_delivery,
    clio_post,
    clio_webhook_make,
)

pytestmark = pytest.mark.django_db


def _only_rejection() -> InboundEvent:
    event = InboundEvent.objects.get()
    assert event.status == InboundEvent.Status.REJECTED
    assert event.dedupe_key is None
    assert inbound_events_due(source="clio", now=event.received_at, limit=10) == []
    return event


def test_an_unsigned_delivery_is_rejected(client, enqueued):
    clio_webhook_make()

    response = clio_post(client, clio_delivery(), secret=None)

    assert response.status_code == 401
    assert _only_rejection().rejection_reason == "missing X-Hook-Signature"
    assert enqueued.events == []


def test_a_tampered_delivery_is_rejected(client):
    clio_webhook_make()
    body = clio_delivery(record_id=301)
    signature = webhooks.signature_compute(raw_body=body, shared_secret=CLIO_SECRET)

    response = client.post(
        "/webhooks/clio/",
        data=clio_delivery(record_id=302),
        content_type="application/json",
        HTTP_X_HOOK_SIGNATURE=signature,
    )

    assert response.status_code == 401
    assert _only_rejection().rejection_reason == "bad X-Hook-Signature"


def test_a_delivery_signed_with_another_secret_is_rejected(client):
    clio_webhook_make()

    response = clio_post(client, clio_delivery(), secret="not-the-secret")

    assert response.status_code == 401
    assert _only_rejection().rejection_reason == "bad X-Hook-Signature"


def test_a_delivery_for_an_unknown_webhook_is_rejected(client):
    clio_webhook_make(clio_id=77)

    response = clio_post(client, clio_delivery(webhook_id=78))

    assert response.status_code == 401
    assert _only_rejection().rejection_reason == "unknown webhook"
