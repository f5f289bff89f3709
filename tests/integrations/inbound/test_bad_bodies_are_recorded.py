"""Oversized (413) and malformed (400) bodies are refused and recorded, from either source."""

import pytest
from django.test import override_settings

from integrations.models import InboundEvent
from tests.integrations.inbound.support import (
    clio_post,
    clio_webhook_make,
    lawpay_connection_make,
    lawpay_post,
)

pytestmark = pytest.mark.django_db


@override_settings(WEBHOOK_MAX_BODY_BYTES=100)
def test_an_oversized_clio_body_gets_413(client):
    clio_webhook_make()

    response = clio_post(client, b'{"data":{"id":1},"pad":"' + b"x" * 200 + b'"}')

    event = InboundEvent.objects.get()
    assert response.status_code == 413
    assert (event.status, event.rejection_reason) == ("rejected", "body over 100 bytes")


@override_settings(WEBHOOK_MAX_BODY_BYTES=100)
def test_an_oversized_lawpay_body_gets_413(client):
    lawpay_connection_make()

    response = lawpay_post(client, '{"id":"evt_1","pad":"' + "x" * 200 + '"}')

    assert response.status_code == 413
    assert InboundEvent.objects.get().status == InboundEvent.Status.REJECTED


def test_malformed_clio_json_gets_400(client):
    clio_webhook_make()

    response = clio_post(client, b'{"data": {"id": 1}')

    event = InboundEvent.objects.get()
    assert response.status_code == 400
    assert (event.status, event.rejection_reason) == ("rejected", "malformed JSON")
    assert event.body == '{"data": {"id": 1}'


def test_malformed_lawpay_json_gets_400(client):
    lawpay_connection_make()

    response = lawpay_post(client, "not json")

    assert response.status_code == 400
    assert InboundEvent.objects.get().rejection_reason == "malformed JSON"


def test_a_lawpay_event_without_an_id_gets_400(client):
    lawpay_connection_make()

    response = lawpay_post(client, '{"type": "transaction.completed"}')

    assert response.status_code == 400
    assert InboundEvent.objects.get().rejection_reason == "no usable event id"
