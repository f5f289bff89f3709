"""``/api/v1/mappings/?q=`` with a NUL character is a 400 naming ``q``: PostgreSQL cannot
compare text with one, and the query answered 500."""

import pytest
from rest_framework.test import APIClient

from config.params import TEXT_MESSAGE
from tests.billing.mapping.conftest import matter_seen


@pytest.fixture
def api(firm_admin):
    client = APIClient()
    client.force_authenticate(firm_admin)
    return client


@pytest.mark.parametrize("raw", ["\x00", "Smith\x00", "\x00\x00"])
def test_a_nul_in_the_search_is_a_400_naming_it(api, raw):
    matter_seen(1001, "00001-Smith")

    response = api.get("/api/v1/mappings/", {"q": raw})

    assert response.status_code == 400
    assert response.json() == {"q": TEXT_MESSAGE}


def test_a_search_without_one_still_narrows_the_list(api):
    matter_seen(1001, "00001-Smith")
    matter_seen(1002, "00002-Garcia")

    response = api.get("/api/v1/mappings/", {"q": "garcia"})

    assert [item["display_number"] for item in response.json()["results"]] == ["00002-Garcia"]
