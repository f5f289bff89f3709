import time
from datetime import UTC, datetime, timedelta

import pytest


@pytest.fixture
def five_charges(gateway):
    accounts = gateway.accounts()
    charges = []
    for n in range(5):
        account = "Trust" if n % 2 else "Operating"
        charges.append(
            gateway.charged(1000 + n, reference=f"INV-{n}", account_id=accounts[account])
        )
    return charges


def test_results_come_in_the_documented_envelope_newest_first(gateway, five_charges):
    page = gateway.get("/v1/transactions").json()

    assert set(page) == {"page", "page_size", "total_entries", "results"}
    assert (page["page"], page["page_size"], page["total_entries"]) == (1, 20, 5)
    assert [t["id"] for t in page["results"]] == [c["id"] for c in reversed(five_charges)]


def test_page_and_page_size_walk_the_results(gateway, five_charges):
    pages = [
        gateway.get("/v1/transactions", params={"page": n, "page_size": 2}).json()
        for n in (1, 2, 3)
    ]

    assert [len(p["results"]) for p in pages] == [2, 2, 1]
    assert all(p["total_entries"] == 5 for p in pages)
    seen = [t["id"] for p in pages for t in p["results"]]
    assert sorted(seen) == sorted(c["id"] for c in five_charges)


def test_account_id_filters_to_one_deposit_account(gateway, five_charges):
    trust = gateway.accounts()["Trust"]

    page = gateway.get("/v1/transactions", params={"account_id": trust}).json()

    assert page["total_entries"] == 2
    assert {t["account_id"] for t in page["results"]} == {trust}


def test_qf_filters_by_field_and_repeats(gateway, five_charges):
    gateway.post(f"/v1/charges/{five_charges[0]['id']}/refund", json={"amount": 10})

    refunds = gateway.get("/v1/transactions", params={"qf": "type:REFUND"}).json()
    by_reference = gateway.get("/v1/transactions", params={"qf": "reference:INV-3"}).json()
    both = gateway.get(
        "/v1/transactions", params=[("qf", "type:CHARGE"), ("qf", "method.type:card")]
    ).json()

    assert refunds["total_entries"] == 1
    assert [t["id"] for t in by_reference["results"]] == [five_charges[3]["id"]]
    assert both["total_entries"] == 5


def test_q_searches_every_field(gateway, five_charges):
    page = gateway.get("/v1/transactions", params={"q": "inv-4"}).json()

    assert [t["id"] for t in page["results"]] == [five_charges[4]["id"]]


def test_order_by_sorts_ascending_or_descending(gateway, five_charges):
    up = gateway.get("/v1/transactions", params={"order_by": "amount"}).json()["results"]
    down = gateway.get("/v1/transactions", params={"order_by": "-amount"}).json()["results"]

    assert [t["amount"] for t in up] == [1000, 1001, 1002, 1003, 1004]
    assert [t["amount"] for t in down] == [1004, 1003, 1002, 1001, 1000]


def test_start_and_end_date_bound_the_created_time(gateway, five_charges):
    time.sleep(0.01)
    middle = datetime.now(UTC)
    later = gateway.charged(9999)
    fmt = "%Y-%m-%dT%H:%M:%S.%f"

    after = gateway.get(
        "/v1/transactions", params={"start_date": middle.strftime(fmt)[:-3] + "Z"}
    ).json()
    before = gateway.get(
        "/v1/transactions", params={"end_date": middle.isoformat(timespec="milliseconds")}
    ).json()
    future = (middle + timedelta(days=1)).strftime(fmt)[:-3] + "Z"
    none = gateway.get("/v1/transactions", params={"start_date": future}).json()

    assert [t["id"] for t in after["results"]] == [later["id"]]
    assert before["total_entries"] == 5
    assert none["total_entries"] == 0
