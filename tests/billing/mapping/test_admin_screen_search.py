"""The mappings screen lists and searches mappings; only admins reach it."""

from django.urls import reverse

from tests.billing.mapping.conftest import matter_seen

URL = reverse("integrations:mappings")


def test_an_admin_sees_every_mapping(admin_client):
    matter_seen(1001, "00001-Smith")
    matter_seen(1002, "00002-Garcia")

    page = admin_client.get(URL).content.decode()

    assert "00001-Smith" in page and "00002-Garcia" in page


def test_search_narrows_the_list(admin_client):
    matter_seen(1001, "00001-Smith")
    matter_seen(1002, "00002-Garcia")

    page = admin_client.get(URL, {"q": "garcia"}).content.decode()

    assert "00002-Garcia" in page and "00001-Smith" not in page


def test_search_by_clio_id_and_status_filter(admin_client):
    matter_seen(1001, "00001-Smith")
    matter_seen(1002, "00002-Garcia")
    matter_seen(1003, "00002-Garcia")

    by_id = admin_client.get(URL, {"q": "1001"}).content.decode()
    conflicts = admin_client.get(URL, {"status": "conflict"}).content.decode()

    assert 'data-clio-matter-id="1001"' in by_id and "00002-Garcia" not in by_id
    assert 'data-clio-matter-id="1001"' not in conflicts
    assert conflicts.count("data-clio-matter-id=") == 2


def test_htmx_search_returns_only_the_table(admin_client):
    matter_seen(1001, "00001-Smith")

    response = admin_client.get(URL, {"q": "Smith"}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert "00001-Smith" in body and "<html" not in body


def test_billing_staff_and_attorneys_are_refused(client, billing_clerk, attorney):
    for user in (billing_clerk, attorney):
        client.force_login(user)
        assert client.get(URL).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302 and "login" in response.url
