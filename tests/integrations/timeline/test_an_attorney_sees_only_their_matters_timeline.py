"""An attorney reads their own matters' timelines; another attorney's matter is a 404 (it would
say the matter exists), and a user without a role is refused with 403. Raw payloads are linked
only for those who may open them in the admin."""

import pytest
from django.urls import reverse

from tests.billing.factories import ClioUserFactory, MatterFactory
from tests.factories import UserFactory
from tests.integrations.timeline.busy_matter import busy_matter

pytestmark = pytest.mark.django_db

PAGE, API = "integrations:matter-timeline", "api-matter-timeline"


def _matter_of(user):
    return busy_matter(
        1, matter=MatterFactory(responsible_attorney=ClioUserFactory(remit_user=user))
    )


def _get(client, user, name, matter):
    client.force_login(user)
    return client.get(reverse(name, args=[matter.clio_id]))


@pytest.mark.parametrize("name", [PAGE, API])
def test_the_responsible_attorney_reads_the_timeline(client, attorney, name):
    assert _get(client, attorney, name, _matter_of(attorney)).status_code == 200


@pytest.mark.parametrize("name", [PAGE, API])
def test_the_originating_attorney_reads_it_too(client, attorney, name):
    matter = busy_matter(
        1, matter=MatterFactory(originating_attorney=ClioUserFactory(remit_user=attorney))
    )
    assert _get(client, attorney, name, matter).status_code == 200


@pytest.mark.parametrize("name", [PAGE, API])
def test_another_attorneys_matter_is_not_found(client, attorney, name):
    other = UserFactory(username="bob", role="Attorney")
    ClioUserFactory(remit_user=other)
    assert _get(client, other, name, _matter_of(attorney)).status_code == 404


@pytest.mark.parametrize("name", [PAGE, API])
def test_a_user_without_a_role_is_refused(client, attorney, name):
    nobody = UserFactory(username="nobody", role=None)
    assert _get(client, nobody, name, _matter_of(attorney)).status_code == 403


@pytest.mark.parametrize("name", [PAGE, API])
def test_a_matter_remit_does_not_know_is_not_found(client, billing_clerk, name):
    client.force_login(billing_clerk)
    assert client.get(reverse(name, args=[424242])).status_code == 404


def test_only_an_admin_in_the_django_admin_gets_the_raw_payload_links(client, attorney):
    matter = _matter_of(attorney)
    admin = UserFactory(username="ada", role="Admin", is_staff=True)

    own = _get(client, attorney, API, matter).json()["results"]
    admins = _get(client, admin, API, matter).json()["results"]

    assert not any(entry["raw_url"] for entry in own)
    raw = {entry["kind"]: entry["raw_url"] for entry in admins if entry["raw_url"]}
    assert set(raw) == {"clio", "lawpay", "outbox"}
    assert raw["clio"].startswith("/admin/integrations/inboundevent/")
    assert raw["outbox"].startswith("/admin/integrations/outboxmessage/")
    page = _get(client, admin, PAGE, matter)
    assert 'data-testid="raw"' in page.content.decode()
    assert client.get(raw["clio"]).status_code == 200
