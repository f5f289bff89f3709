"""The backfill, the sweep and the one-record sync read Clio only in ways its spec allows."""

import pytest

from integrations.clio.sync import clio_backfill_run, clio_record_sync_outcome, clio_sweep_run
from tests.contract.conftest import templates
from tests.contract.recording import clio_contract_report

pytestmark = pytest.mark.django_db


def test_the_backfill_pages_are_allowed(clio, clio_requests):
    clio_backfill_run()

    assert clio_contract_report(clio_requests) == []
    assert templates(clio_requests) >= {
        "GET /users.json",
        "GET /contacts.json",
        "GET /matters.json",
        "GET /activities.json",
        "GET /bank_accounts.json",
    }


def test_the_sweep_after_a_backfill_is_allowed(clio, clio_requests):
    clio_backfill_run()
    clio_requests.clear()

    clio_sweep_run()

    assert clio_requests and clio_contract_report(clio_requests) == []
    assert all("updated_since=" in r.url for r in clio_requests)


def test_fetching_one_record_and_its_references_is_allowed(clio, clio_requests):
    for model, clio_id in [("activity", 301), ("matter", 1002), ("contact", 2004)]:
        clio_record_sync_outcome(model=model, clio_id=clio_id)

    assert clio_contract_report(clio_requests) == []
    assert {
        "GET /activities/{id}.json",
        "GET /matters/{id}.json",
        "GET /users/{id}.json",
        "GET /contacts/{id}.json",
    } <= templates(clio_requests)
