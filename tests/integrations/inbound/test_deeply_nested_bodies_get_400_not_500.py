"""Bodies nested thousands of levels deep get 400 (or 401 unsigned), are recorded, never a 500."""

import json

import pytest

from integrations.inbound.receivers import MAX_JSON_DEPTH, json_depth_exceeds, rejection_limiter
from integrations.models import InboundEvent
from tests.integrations.inbound.support import (
    clio_delivery,
    clio_post,
    clio_webhook_make,
    lawpay_connection_make,
    lawpay_post,
)

pytestmark = pytest.mark.django_db

NESTED = b"[" * 5000 + b"]" * 5000
NESTED_OBJECT = b'{"a":' * 5000 + b"1" + b"}" * 5000


@pytest.fixture(autouse=True)
def _fresh_rejection_budget():
    rejection_limiter().storage.reset()


@pytest.mark.parametrize("body", [NESTED, NESTED_OBJECT])
def test_a_signed_clio_body_nested_5000_levels_gets_400(client, body):
    clio_webhook_make()

    response = clio_post(client, body)

    event = InboundEvent.objects.get()
    assert response.status_code == 400
    assert response.json()["error"] == f"JSON nested deeper than {MAX_JSON_DEPTH} levels"
    assert (event.status, event.rejection_reason) == ("rejected", response.json()["error"])


def test_an_unsigned_nested_clio_body_is_refused_before_it_is_parsed(client):
    clio_webhook_make()

    response = clio_post(client, NESTED, secret=None)

    assert response.status_code == 401
    assert InboundEvent.objects.get().rejection_reason == "missing X-Hook-Signature"


def test_a_nested_clio_body_with_a_wrong_signature_gets_401(client):
    clio_webhook_make()

    response = clio_post(client, NESTED, secret="not-the-secret")

    assert response.status_code == 401
    assert InboundEvent.objects.get().rejection_reason == "bad X-Hook-Signature"


def test_a_nested_clio_handshake_gets_400(client):
    clio_webhook_make()

    response = client.post(
        "/webhooks/clio/", data=NESTED, content_type="application/json", HTTP_X_HOOK_SECRET="x"
    )

    assert response.status_code == 400
    assert "X-Hook-Secret" not in response.headers
    assert InboundEvent.objects.get().status == InboundEvent.Status.REJECTED


@pytest.mark.parametrize("body", [NESTED, NESTED_OBJECT])
def test_a_nested_lawpay_body_gets_400(client, body):
    lawpay_connection_make()

    response = lawpay_post(client, body)

    assert response.status_code == 400
    assert InboundEvent.objects.get().rejection_reason.startswith("JSON nested deeper")


def test_brackets_inside_strings_do_not_count_as_nesting(client):
    clio_webhook_make()
    payload = json.loads(clio_delivery())
    payload["data"]["note"] = '[{"\\"' * 500

    response = clio_post(client, json.dumps(payload).encode())

    assert (response.status_code, response.json()) == (200, {"outcome": "stored"})


def test_nesting_is_allowed_up_to_the_limit_and_not_beyond():
    assert not json_depth_exceeds(b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH)
    assert json_depth_exceeds(b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1))
