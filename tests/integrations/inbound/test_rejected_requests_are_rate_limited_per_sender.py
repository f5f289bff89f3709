"""Past WEBHOOK_REJECTED_PER_MINUTE rejections a sender gets 429 and no row, per receiver."""

import pytest
import time_machine
from django.utils import timezone

from integrations.inbound.receivers import rejection_limiter
from integrations.models import InboundEvent
from tests.integrations.inbound.support import (
    clio_delivery,
    clio_post,
    clio_webhook_make,
    lawpay_post,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _three_a_minute(settings):
    settings.WEBHOOK_REJECTED_PER_MINUTE = 3
    rejection_limiter().storage.reset()


def _unsigned(client, **extra):
    return clio_post(client, b'{"junk": 1}', secret=None, **extra)


def test_the_fourth_rejection_in_a_minute_gets_429_and_is_not_stored(client, caplog):
    clio_webhook_make()

    statuses = [_unsigned(client).status_code for _ in range(4)]

    assert statuses == [401, 401, 401, 429]
    assert InboundEvent.objects.count() == 3
    assert "rate-limited rejected clio webhook from 127.0.0.1" in caplog.text


def test_other_senders_and_the_other_receiver_have_their_own_budget(client):
    clio_webhook_make()
    for _ in range(3):
        _unsigned(client)

    other_address = _unsigned(client, REMOTE_ADDR="203.0.113.9")
    other_receiver = lawpay_post(client, "{}", token="wrong")

    assert (other_address.status_code, other_receiver.status_code) == (401, 401)
    assert InboundEvent.objects.count() == 5


def test_the_budget_comes_back_after_a_minute(client):
    clio_webhook_make()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(4):
            _unsigned(client)
        clock.shift(61)

        response = _unsigned(client)

    assert response.status_code == 401
    assert InboundEvent.objects.count() == 4


def test_a_verified_delivery_is_never_rate_limited(client):
    clio_webhook_make()
    for _ in range(4):
        _unsigned(client)

    response = clio_post(client, clio_delivery())

    assert response.status_code == 200


def test_an_unreachable_limiter_still_records_the_rejection_instead_of_a_500(client, monkeypatch):
    from integrations.inbound import receivers as inbound

    class Down:
        def hit(self, *args):
            raise ConnectionError("redis is down")

    monkeypatch.setattr(inbound, "rejection_limiter", Down)
    clio_webhook_make()

    response = _unsigned(client)

    assert response.status_code == 401
    assert InboundEvent.objects.count() == 1
