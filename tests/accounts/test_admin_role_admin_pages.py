"""The Admin role reads events and outbox, and unlocks logins, in the Django admin (issue 10)."""

import pytest
from axes.models import AccessAttempt

from tests.factories import UserFactory


@pytest.fixture
def staff_admin(db):
    return UserFactory(username="ada", role="Admin", is_staff=True)


@pytest.mark.parametrize(
    "url", ["/admin/integrations/inboundevent/", "/admin/integrations/outboxmessage/"]
)
def test_the_admin_role_reads_the_integration_evidence(client, staff_admin, url):
    client.force_login(staff_admin)

    assert client.get(url).status_code == 200


def test_the_admin_role_may_view_but_not_change_the_evidence(staff_admin):
    assert staff_admin.has_perm("integrations.view_inboundevent")
    assert not staff_admin.has_perm("integrations.change_inboundevent")
    assert not staff_admin.has_perm("integrations.delete_inboundevent")


def test_the_admin_role_unlocks_a_login_by_deleting_its_access_attempt(client, staff_admin):
    attempt = AccessAttempt.objects.create(
        username="billing", ip_address="10.0.0.1", failures_since_start=30, user_agent="x"
    )
    client.force_login(staff_admin)

    listing = client.get("/admin/axes/accessattempt/")
    response = client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})

    assert listing.status_code == 200
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()


def test_other_roles_do_not_reach_the_access_attempts(client, db):
    clerk = UserFactory(username="bill", role="Billing staff", is_staff=True)
    client.force_login(clerk)

    assert client.get("/admin/axes/accessattempt/").status_code == 403
