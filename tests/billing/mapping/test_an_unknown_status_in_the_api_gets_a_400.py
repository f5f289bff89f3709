"""``/api/v1/mappings/?status=`` takes only a mapping status; anything else is a 400 listing
them (a NUL character in it answered 500)."""

import pytest
from rest_framework.test import APIClient

from tests.billing.mapping.conftest import matter_seen


@pytest.fixture
def api(firm_admin):
    client = APIClient()
    client.force_authenticate(firm_admin)
    return client


@pytest.mark.parametrize("raw", ["\x00", "ok\x00", "bogus", "OK"])
def test_an_unknown_status_is_a_400_naming_the_choices(api, raw):
    response = api.get("/api/v1/mappings/", {"status": raw})

    assert response.status_code == 400
    assert response.json() == {"status": "Use one of: ok, conflict."}


def test_a_known_status_still_filters(api):
    matter_seen(1001, "00001-Smith")
    matter_seen(1002, "00002-Garcia")
    matter_seen(1003, "00002-Garcia")

    response = api.get("/api/v1/mappings/", {"status": "conflict"})

    assert sorted(item["clio_matter_id"] for item in response.json()["results"]) == [1002, 1003]
