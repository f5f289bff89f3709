"""A signed Clio delivery is stored before it is acknowledged, then handed to a worker."""

import pytest

from integrations.models import InboundEvent
from tests.integrations.inbound.support import clio_delivery, clio_post, clio_webhook_make

pytestmark = pytest.mark.django_db


def test_a_signed_delivery_is_stored_and_acknowledged(
    client, enqueued, django_capture_on_commit_callbacks
):
    clio_webhook_make()
    body = clio_delivery()

    with django_capture_on_commit_callbacks(execute=True):
        response = clio_post(client, body)

    event = InboundEvent.objects.get()
    assert response.status_code == 200
    assert event.status == InboundEvent.Status.RECEIVED
    assert event.body.encode() == body
    assert event.dedupe_key.startswith("77:")
    assert enqueued.events == [event.pk]


def test_the_same_delivery_twice_is_stored_once(client):
    clio_webhook_make()
    body = clio_delivery()

    first, second = clio_post(client, body), clio_post(client, body)

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json() == {"outcome": "duplicate"}
    assert InboundEvent.objects.count() == 1


def test_headers_are_stored_without_credentials(client):
    clio_webhook_make()

    clio_post(
        client,
        clio_delivery(),
        HTTP_AUTHORIZATION="Bearer xyz",
        HTTP_COOKIE="a=b",
        HTTP_X_API_TOKEN="tok",
    )

    stored = {name.lower() for name in InboundEvent.objects.get().headers}
    assert "x-hook-signature" in stored
    assert not stored & {"authorization", "cookie", "x-api-token"}
