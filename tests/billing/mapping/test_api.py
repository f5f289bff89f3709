"""``/api/v1/mappings/``: list, filter, update; token or session auth; the screen's permissions."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from billing.models import MatterMapping
from tests.billing.mapping.conftest import matter_seen

LIST = "/api/v1/mappings/"


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def mappings(db):
    return [matter_seen(1001, "00001-Smith"), matter_seen(1002, "00002-Garcia")]


def test_the_list_carries_the_documented_fields(mappings, firm_admin):
    response = token_client(firm_admin).get(LIST)

    assert response.status_code == 200
    items = response.json()["results"]
    assert [i["clio_matter_id"] for i in items] == [1001, 1002]
    assert {"clio_matter_id", "display_number", "reference", "status"} <= set(items[0])


def test_the_list_filters_by_clio_matter_id(mappings, firm_admin):
    response = token_client(firm_admin).get(LIST, {"clio_matter_id": 1002})

    assert [i["display_number"] for i in response.json()["results"]] == ["00002-Garcia"]


def test_an_admin_updates_a_reference(mappings, firm_admin):
    mapping = mappings[0]

    response = token_client(firm_admin).patch(
        f"{LIST}{mapping.pk}/", {"reference": "SMITH-LIT", "note": "API"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["reference"] == "SMITH-LIT"
    assert response.json()["reference_overridden"] is True
    mapping.refresh_from_db()
    assert mapping.reference == "SMITH-LIT"
    assert mapping.history.latest().history_user == firm_admin


def test_a_duplicate_reference_is_a_400_with_the_reason(mappings, firm_admin):
    response = token_client(firm_admin).patch(
        f"{LIST}{mappings[1].pk}/", {"reference": "00001-Smith"}, format="json"
    )

    assert response.status_code == 400
    assert "already used" in response.json()["reference"][0]


def test_read_only_fields_cannot_be_written(mappings, firm_admin):
    response = token_client(firm_admin).patch(
        f"{LIST}{mappings[0].pk}/", {"status": "conflict", "clio_matter_id": 5}, format="json"
    )

    assert response.status_code == 200
    assert MatterMapping.objects.get(pk=mappings[0].pk).status == "ok"


def test_billing_staff_can_read_but_not_update(mappings, billing_clerk):
    client = token_client(billing_clerk)

    assert client.get(LIST).status_code == 200
    response = client.patch(f"{LIST}{mappings[0].pk}/", {"reference": "X"}, format="json")
    assert response.status_code == 403


def test_attorneys_cannot_read(mappings, attorney):
    assert token_client(attorney).get(LIST).status_code == 403


def test_anonymous_requests_get_401(mappings):
    assert APIClient().get(LIST).status_code == 401
    assert APIClient().patch(f"{LIST}{mappings[0].pk}/", {"reference": "X"}).status_code == 401


def test_session_auth_works_for_the_browser(mappings, client, firm_admin):
    client.force_login(firm_admin)

    assert client.get(LIST).status_code == 200


def test_the_schema_documents_the_endpoint(db, client, firm_admin):
    client.force_login(firm_admin)

    schema = client.get("/api/schema/").content.decode()

    assert "/api/v1/mappings/" in schema and "clio_matter_id" in schema
