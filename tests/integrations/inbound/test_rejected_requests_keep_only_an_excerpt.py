"""A rejected request keeps a 2 KiB excerpt of its body, with the whole body's sha256 and size."""

import hashlib

import pytest

from integrations.inbound.receivers import REJECTED_BODY_EXCERPT_BYTES, rejection_limiter
from integrations.models import InboundEvent
from tests.integrations.inbound.support import (
    clio_delivery,
    clio_post,
    clio_webhook_make,
    lawpay_connection_make,
    lawpay_post,
)

pytestmark = pytest.mark.django_db

JUNK = b'{"junk": "' + b"x" * (250 * 1024) + b'"}'


@pytest.fixture(autouse=True)
def _fresh_rejection_budget():
    rejection_limiter().storage.reset()


def test_an_unsigned_250_kib_clio_post_stores_an_excerpt(client):
    clio_webhook_make()

    response = clio_post(client, JUNK, secret=None)

    event = InboundEvent.objects.get()
    assert response.status_code == 401
    assert event.body == JUNK[:REJECTED_BODY_EXCERPT_BYTES].decode()
    assert (event.body_sha256, event.body_size) == (hashlib.sha256(JUNK).hexdigest(), len(JUNK))


def test_twenty_junk_posts_to_a_wrong_lawpay_token_store_twenty_small_rows(client):
    lawpay_connection_make()

    for _ in range(20):
        lawpay_post(client, JUNK, token="wrong-token")

    bodies = InboundEvent.objects.values_list("body", flat=True)
    assert len(bodies) == 20
    assert sum(len(body) for body in bodies) == 20 * REJECTED_BODY_EXCERPT_BYTES


def test_a_verified_delivery_is_stored_in_full_with_its_size(client):
    clio_webhook_make()
    body = clio_delivery()

    clio_post(client, body)

    event = InboundEvent.objects.get()
    assert (event.status, event.body.encode(), event.body_size) == ("received", body, len(body))
