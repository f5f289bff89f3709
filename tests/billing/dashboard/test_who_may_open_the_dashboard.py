import pytest
from django.urls import reverse

from tests.factories import UserFactory

URLS = ["billing:dashboard", "billing:dashboard-csv", "api-metrics-aging", "api-metrics-cycle-time"]


@pytest.mark.parametrize("persona", ["billing_clerk", "attorney", "firm_admin"])
def test_every_role_opens_the_page_and_the_api(client, request, persona, frozen):
    client.force_login(request.getfixturevalue(persona))

    assert [client.get(reverse(name)).status_code for name in URLS] == [200] * 4


def test_a_user_without_a_role_is_refused(client, db, frozen):
    client.force_login(UserFactory(username="nobody", role=None))

    assert [client.get(reverse(name)).status_code for name in URLS] == [403] * 4


def test_an_anonymous_visitor_is_sent_to_the_login(client, db):
    response = client.get(reverse("billing:dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_navigation_names_it_for_staff_and_for_attorneys(client, billing_clerk, attorney):
    client.force_login(billing_clerk)
    staff = [page.title for page in client.get(reverse("home")).context["pages"]]
    client.force_login(attorney)
    mine = [page.title for page in client.get(reverse("home")).context["pages"]]

    assert "Collections" in staff
    assert "My collections" in mine
    assert "Collections" not in mine
