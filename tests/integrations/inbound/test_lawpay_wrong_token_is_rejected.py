"""A LawPay hint on the wrong token gets 401, is recorded, and the token never reaches the log."""

import logging

import pytest

from integrations.models import InboundEvent
from tests.integrations.inbound.support import LAWPAY_TOKEN, lawpay_connection_make, lawpay_post

pytestmark = pytest.mark.django_db


def test_a_hint_with_a_wrong_token_is_rejected(client, enqueued, caplog):
    lawpay_connection_make()
    caplog.set_level(logging.DEBUG)

    response = lawpay_post(client, '{"id": "evt_1"}', token="guessed-token-123")

    event = InboundEvent.objects.get()
    assert response.status_code == 401
    assert (event.status, event.rejection_reason) == ("rejected", "wrong events URL token")
    assert enqueued.events == []
    assert "guessed-token-123" not in caplog.text


def test_a_hint_before_lawpay_is_connected_is_rejected(client):
    response = lawpay_post(client, '{"id": "evt_1"}')

    assert response.status_code == 401
    assert InboundEvent.objects.get().status == InboundEvent.Status.REJECTED


def test_a_hint_with_the_right_token_is_stored_once_and_answered_200(client, caplog):
    lawpay_connection_make()
    caplog.set_level(logging.DEBUG)

    answers = [lawpay_post(client, '{"id": "evt_1"}').status_code for _ in range(3)]

    event = InboundEvent.objects.get()
    assert answers == [200, 200, 200]
    assert (event.status, event.dedupe_key) == ("received", "evt_1")
    assert LAWPAY_TOKEN not in caplog.text
