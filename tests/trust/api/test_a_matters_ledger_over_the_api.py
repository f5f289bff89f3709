from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from billing.models import ClioUser
from tests.billing.factories import MatterFactory
from tests.trust.factories import deposit
from trust.services.posting import trust_deposit_clear, trust_entry_reverse


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def matter(account):
    matter = MatterFactory(clio_id=1001)
    deposit(account, matter, "1000.00", on=date(2026, 11, 2))
    pending = deposit(account, matter, "300.00", on=date(2026, 11, 3), cleared=False)
    returned = deposit(account, matter, "50.00", on=date(2026, 11, 4), cleared=False)
    trust_deposit_clear(entry=pending, cleared_on=date(2026, 11, 6), source="processor")
    trust_entry_reverse(entry=returned, effective_date=date(2026, 11, 7), reason="ACH return")
    return matter


def test_it_gives_each_entry_with_its_running_balance_and_the_two_figures(matter, billing_clerk):
    response = _api(billing_clerk).get("/api/v1/trust/ledger/", {"clio_matter_id": 1001})

    assert response.status_code == 200
    [ledger] = response.json()
    assert (ledger["balance"], ledger["available"]) == ("1300.00", "1300.00")
    rows = [
        (e["kind"], e["amount"], e["cleared"], e["cleared_on"], e["balance_after"])
        for e in ledger["entries"]
    ]
    assert rows == [
        ("deposit", "1000.00", True, "2026-11-02", "1000.00"),
        ("deposit", "300.00", True, "2026-11-06", "1300.00"),
        ("deposit", "50.00", False, None, "1350.00"),
        ("clearance", "0.00", True, "2026-11-06", "1350.00"),
        ("reversal", "-50.00", True, "2026-11-07", "1300.00"),
    ]


def test_an_attorney_reads_only_their_own_matters_ledger(matter, attorney):
    assert _api(attorney).get("/api/v1/trust/ledger/", {"clio_matter_id": 1001}).status_code == 404

    ClioUser.objects.filter(pk=matter.responsible_attorney_id).update(remit_user=attorney)
    response = _api(attorney).get("/api/v1/trust/ledger/", {"clio_matter_id": 1001})
    assert response.status_code == 200 and response.json()[0]["balance"] == "1300.00"


@pytest.mark.parametrize("query", [{}, {"clio_matter_id": "x"}, {"clio_matter_id": "-1"}])
def test_a_missing_or_bad_matter_id_is_a_400(matter, billing_clerk, query):
    response = _api(billing_clerk).get("/api/v1/trust/ledger/", query)

    assert response.status_code == 400 and "clio_matter_id" in response.json()


def test_the_accounts_list_gives_the_journal_balance(matter, billing_clerk):
    response = _api(billing_clerk).get("/api/v1/trust/accounts/")

    assert response.status_code == 200
    [account] = response.json()
    assert (account["journal_balance"], account["entries_count"]) == ("1300.00", 5)
    assert account["clio_bank_account_id"] == 501
    assert Decimal(account["journal_balance"]) == Decimal("1300.00")
