"""The recording catches a wrong request Remit's real client sends, even one the emulator
lets through: the contract check fails where Clio would."""

import pytest

from integrations.clio.connection import clio_client
from integrations.clio.errors import InvalidFields
from tests.contract.recording import clio_contract_report

pytestmark = pytest.mark.django_db


@pytest.mark.clio_off_spec  # a wrong request on purpose
def test_a_wrong_field_name_is_reported(clio, clio_requests):
    with pytest.raises(InvalidFields):
        clio_client().get("matters/1001.json", fields=["id", "nonexistent_field"])

    assert clio_contract_report(clio_requests) == [
        "GET "
        f"{clio.base_url}/api/v4/matters/1001.json?fields=id,nonexistent_field\n"
        "    GET /matters/{id}.json: fields names 'nonexistent_field', "
        "which a Matter does not have"
    ]


@pytest.mark.clio_off_spec  # a wrong request on purpose
def test_a_query_parameter_the_emulator_ignores_is_still_reported(clio, clio_requests):
    list(clio_client().list("contacts.json", fields=["id"], params={"client": "yes"}))

    (line,) = clio_contract_report(clio_requests)
    assert line.endswith("query parameter 'client' is not one Clio takes here")
