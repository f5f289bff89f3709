"""A webhook receiver is called before the page middleware: no session, CSP or frame headers,
the answer still has its length, and every other path keeps the whole stack."""

import pytest
from django.urls import reverse

from tests.integrations.inbound.support import (
    clio_delivery,
    clio_post,
    clio_webhook_make,
    lawpay_connection_make,
    lawpay_post,
)

pytestmark = pytest.mark.django_db

PAGE_HEADERS = ("Content-Security-Policy", "X-Frame-Options", "Vary")


def _answered_by_the_receiver(response) -> bool:
    return not any(response.has_header(name) for name in PAGE_HEADERS)


def test_a_lawpay_hint_is_answered_without_the_page_middleware(client):
    lawpay_connection_make()

    response = lawpay_post(client, '{"id": "evt_1"}')

    assert response.status_code == 200
    assert _answered_by_the_receiver(response)
    assert response["Content-Length"] == str(len(response.content))
    assert response.wsgi_request.resolver_match.url_name == "webhooks-lawpay"
    assert not hasattr(response.wsgi_request, "session")


def test_a_clio_delivery_and_a_wrong_method_are_answered_by_the_receiver_too(client):
    clio_webhook_make()

    stored = clio_post(client, clio_delivery())
    refused = client.get("/webhooks/clio/")

    assert (stored.status_code, refused.status_code) == (200, 405)
    assert _answered_by_the_receiver(stored) and _answered_by_the_receiver(refused)


def test_an_unknown_webhooks_path_and_the_pages_keep_the_whole_stack(client):
    missing = client.post("/webhooks/nowhere/")
    login = client.get(reverse("login"))

    assert missing.status_code == 404
    assert "Content-Security-Policy" in login and hasattr(login.wsgi_request, "session")
