"""``/api/v1/mappings/?clio_matter_id=`` refuses ids it cannot read or hold with a 400."""

import pytest
from rest_framework.test import APIClient

from tests.billing.mapping.conftest import matter_seen


@pytest.fixture
def api(firm_admin):
    client = APIClient()
    client.force_authenticate(firm_admin)
    return client


@pytest.mark.parametrize("raw", ["²", "1" * 23, "abc", "0"])
def test_a_bad_clio_matter_id_is_a_400_naming_it(api, raw):
    response = api.get("/api/v1/mappings/", {"clio_matter_id": raw})

    assert response.status_code == 400
    assert "clio_matter_id" in response.json()


def test_a_valid_clio_matter_id_still_filters(api):
    matter_seen(1001, "00001-Smith")
    matter_seen(1002, "00002-Garcia")

    response = api.get("/api/v1/mappings/", {"clio_matter_id": "1002"})

    assert [item["clio_matter_id"] for item in response.json()["results"]] == [1002]
