"""Each role reaches its own pages and is refused the others' (PRODUCT.md §1)."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

BILLING_PAGES = ["billing:review", "billing:attention", "payments:unmatched"]
ATTORNEY_PAGES = ["reminders:flagged", "trust:applications"]
ADMIN_ONLY_PAGES = ["integrations:mappings", "integrations:health"]
ALL_PAGES = BILLING_PAGES + ATTORNEY_PAGES + ADMIN_ONLY_PAGES


@pytest.mark.parametrize("url_name", [*ALL_PAGES, "home"])
def test_every_page_sends_an_anonymous_visitor_to_the_login(client, db, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        # Billing staff see every attorney's flags (and act on them for the firm).
        ("billing_clerk", [*BILLING_PAGES, "reminders:flagged"]),
        ("attorney", ATTORNEY_PAGES),
        ("firm_admin", ALL_PAGES),
    ],
)
def test_each_role_reaches_its_pages_and_is_refused_the_rest(client, db, request, persona, allowed):
    client.force_login(request.getfixturevalue(persona))

    for url_name in ALL_PAGES:
        response = client.get(reverse(url_name))
        expected = 200 if url_name in allowed else 403
        assert response.status_code == expected, f"{persona} on {url_name}"


def test_a_user_without_a_role_is_refused_every_queue(client, db):
    client.force_login(UserFactory(username="nobody", role=None))

    assert [client.get(reverse(name)).status_code for name in ALL_PAGES] == [403] * len(ALL_PAGES)
    home = client.get(reverse("home"))
    assert "no role yet" in home.content.decode()


def test_the_refusal_page_says_why_without_leaking_the_page(client, attorney):
    client.force_login(attorney)

    response = client.get(reverse("billing:review"))

    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()
