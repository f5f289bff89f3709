"""The back link goes where the person came from (a safe ``next`` or the referring page of
this site), never to another site; by default to the invoices list."""

import pytest
from django.urls import reverse

from tests.billing.invoice_page.conftest import page


def _back(html: str) -> str:
    start = html.index('data-testid="back"')
    anchor = html.rindex("<a ", 0, start)
    return html[anchor:start]


def test_a_safe_next_is_the_back_link(client, billing_clerk, sent):
    client.force_login(billing_clerk)
    target = reverse("billing:review") + "?status=on_hold"

    html = page(client, sent, next=target)

    assert _back(html) == '<a href="/billing/review/?status=on_hold" '
    assert "← Review queue" in html


@pytest.mark.parametrize(
    "unsafe",
    ["https://evil.example/phish", "//evil.example/x", "javascript:alert(1)", "\\\\evil.example"],
)
def test_an_external_next_is_ignored(client, billing_clerk, sent, unsafe):
    client.force_login(billing_clerk)

    html = page(client, sent, next=unsafe)

    assert _back(html) == f'<a href="{reverse("billing:invoices")}" '
    assert "evil.example" not in html
    assert "← Invoices" in html


def test_the_referring_page_of_this_site_is_the_back_link(client, billing_clerk, sent):
    client.force_login(billing_clerk)

    response = client.get(
        reverse("billing:invoice", args=[sent.pk]),
        HTTP_REFERER="http://testserver/billing/payments/?q=smith",
    )

    assert _back(response.content.decode()) == '<a href="/billing/payments/?q=smith" '
    assert "← Payments" in response.content.decode()


def test_a_plain_post_keeps_the_back_link(client, billing_clerk, sent):
    client.force_login(billing_clerk)

    response = client.post(
        reverse("billing:invoice-void", args=[sent.pk]),
        {"reason": "Wrong client", "next": "/billing/review/"},
    )

    assert response["Location"] == (
        reverse("billing:invoice", args=[sent.pk]) + "?next=%2Fbilling%2Freview%2F"
    )
