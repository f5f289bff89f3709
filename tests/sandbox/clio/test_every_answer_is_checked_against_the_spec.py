"""Every emulator answer a test receives is checked against the response schema of its operation
in Clio's OpenAPI document (``paths./matters/{id}.json.get.responses.200`` → ``Matter_Show``),
with the request contract check's validator. These cases show the check refuses what Clio
would never answer."""

import pytest

from tests.contract.clio_openapi import clio_response_problems

from .conftest import spec_available

pytestmark = pytest.mark.skipif(not spec_available(), reason="Clio's OpenAPI document is absent")
URL = "http://127.0.0.1/api/v4/matters/1001.json"


def test_it_refuses_a_currency_given_as_a_string():
    problems = clio_response_problems("GET", URL, 200, {"data": {"id": 1, "currency": "USD"}})

    # Matter_base and Matter both type it (allOf), so each says so.
    assert problems
    assert set(problems) == {
        "GET /matters/{id}.json → 200: data.currency: 'USD' is not of type 'object'"
    }


def test_it_refuses_a_value_outside_the_enum():
    problems = clio_response_problems(
        "GET",
        "http://127.0.0.1/api/v4/bills/801.json",
        200,
        {"data": {"id": 801, "available_state_transitions": ["draft"]}},
    )

    assert len(problems) == 1 and "'draft' is not one of" in problems[0]


def test_it_refuses_a_field_the_schema_does_not_name():
    problems = clio_response_problems(
        "GET", "http://127.0.0.1/api/v4/matter_stages.json", 200, {"data": [{"practice_area": 1}]}
    )

    assert problems == [
        "GET /matter_stages.json → 200: data[0].practice_area: Clio's schema has no such property"
    ]


def test_it_refuses_an_error_outside_the_error_schema_and_an_undocumented_success():
    assert clio_response_problems("GET", URL, 404, {"message": "gone"})
    assert clio_response_problems("GET", URL, 201, {"data": {"id": 1}})


def test_it_accepts_null_for_an_unset_value_and_the_oauth_401():
    assert clio_response_problems("GET", URL, 200, {"data": {"id": 1, "close_date": None}}) == []
    body = {"error": "invalid_token", "error_description": "The access token is expired"}
    assert clio_response_problems("GET", URL, 401, body) == []
