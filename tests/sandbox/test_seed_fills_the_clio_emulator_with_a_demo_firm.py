"""`python -m sandbox.seed` fills the Clio emulator with a demo firm, read back through API v4."""

from __future__ import annotations

import contextlib
import io
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
import requests

from sandbox.seed import main as seed_main


class Api:
    """The emulator's public API v4, as Remit would read it."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        token = requests.post(f"{base_url}/_sandbox/token", json={}, timeout=10).json()
        self.headers = {"Authorization": f"Bearer {token['access_token']}"}
        self.demo_matter_ids: set[int] = set()

    def get(self, resource: str, **params) -> dict:
        response = requests.get(
            f"{self.base_url}/api/v4/{resource}.json",
            params=params,
            headers=self.headers,
            timeout=30,
        )
        response.raise_for_status()
        return response.json()

    def count(self, resource: str, **params) -> int:
        return self.get(resource, fields="id", limit=1, **params)["meta"]["records"]

    def all(self, resource: str, fields: str, **params) -> list[dict]:
        body = self.get(resource, fields=fields, limit=200, **params)
        rows = body["data"]
        while body["meta"]["paging"].get("next"):
            response = requests.get(
                body["meta"]["paging"]["next"], headers=self.headers, timeout=30
            )
            response.raise_for_status()
            body = response.json()
            rows += body["data"]
        return rows


def seed(base_url: str, *args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert seed_main(["--clio-url", base_url, *args]) == 0
    return out.getvalue()


def emulator(factory):
    # Reading 5,000 entries back takes more calls than Clio's 50 a minute.
    return factory(CLIO_SANDBOX_RATE_LIMIT="10000")


@pytest.fixture
def firm(clio_sandbox_factory) -> Api:
    sandbox = emulator(clio_sandbox_factory)
    api = Api(sandbox.base_url)
    api.demo_matter_ids = {m["id"] for m in api.all("matters", "id")}  # the emulator's own
    seed(sandbox.base_url)
    return api


def test_it_seeds_the_firm_the_issue_asks_for(firm):
    users = firm.all("users", "id,subscription_type,rate")
    kinds = Counter(u["subscription_type"] for u in users)
    assert len(users) >= 8 and kinds["Attorney"] >= 4 and kinds["NonAttorney"] >= 3

    clients = firm.all("contacts", "id,type,primary_email_address", client_only="true")
    assert len(clients) >= 150
    without_email = [c for c in clients if not c["primary_email_address"]]
    assert 3 <= len(without_email) <= 15
    assert {"Person", "Company"} <= {c["type"] for c in clients}

    matters = firm.all(
        "matters",
        "id,status,billing_method,practice_area,matter_stage,account_balances{type,balance}",
    )
    assert len(matters) >= 300
    methods = Counter(m["billing_method"] for m in matters)
    assert methods["hourly"] > methods["flat"] > 0 and methods["contingency"] > 0
    assert methods["hourly"] > len(matters) / 2
    statuses = Counter(m["status"] for m in matters)
    assert statuses["Open"] > statuses["Closed"] > 0 and statuses["Pending"] > 0
    assert len({m["practice_area"]["id"] for m in matters if m["practice_area"]}) >= 6
    assert len({m["matter_stage"]["id"] for m in matters if m["matter_stage"]}) >= 3

    in_trust = [
        m
        for m in matters
        if any(b["type"] == "Trust" and b["balance"] > 0 for b in m["account_balances"])
    ]
    assert 0.28 <= len(in_trust) / len(matters) <= 0.4

    accounts = {a["type"] for a in firm.all("bank_accounts", "id,type")}
    assert accounts == {"Operating", "Trust"}


def test_time_entries_cover_90_days_in_tenths_at_each_users_rate(firm):
    since = (datetime.now(UTC).date() - timedelta(days=89)).isoformat()
    assert firm.count("activities", type="TimeEntry", start_date=since) >= 5000
    rates = {u["id"]: u["rate"] for u in firm.all("users", "id,rate")}

    entries = firm.all(
        "activities",
        "id,date,quantity,rounded_quantity_in_hours,price,total,non_billable,no_charge,user",
        start_date=since,
        type="TimeEntry",
    )

    assert all(e["quantity"] % 360 == 0 and e["quantity"] > 0 for e in entries)
    assert all(e["price"] == rates[e["user"]["id"]] for e in entries)
    assert all(e["total"] == round(e["rounded_quantity_in_hours"] * e["price"], 2) for e in entries)
    assert all(date.fromisoformat(e["date"]) <= datetime.now(UTC).date() for e in entries)
    assert len({e["user"]["id"] for e in entries}) >= 8
    assert 0 < sum(e["no_charge"] for e in entries) < sum(e["non_billable"] for e in entries)


def test_flat_fee_matters_carry_the_flat_fee_that_remit_bills(firm):
    matters = firm.all("matters", "id,billing_method,custom_field_values{field_name,value}")
    seeded = [m for m in matters if m["id"] not in firm.demo_matter_ids]
    flat = [m for m in seeded if m["billing_method"] == "flat"]

    assert len(flat) >= 10
    for matter in flat:
        fees = [v["value"] for v in matter["custom_field_values"] if v["field_name"] == "Flat fee"]
        assert len(fees) == 1 and float(fees[0]) > 0
    others = [m for m in seeded if m["billing_method"] != "flat"]
    assert not any(v["field_name"] == "Flat fee" for m in others for v in m["custom_field_values"])


def test_the_same_seed_gives_the_same_firm(clio_sandbox_factory):
    small = ("--clients", "20", "--matters", "40", "--entries", "300")

    def firm_of(seed_value: str) -> tuple[list, list]:
        sandbox = emulator(clio_sandbox_factory)
        seed(sandbox.base_url, "--seed", seed_value, *small)
        api = Api(sandbox.base_url)
        matters = api.all(
            "matters",
            "id,display_number,description,status,billing_method,open_date,client{id,name}",
        )
        entries = api.all("activities", "id,date,quantity,total,note,user{id},matter{id}")
        return matters, entries

    first, again, other = firm_of("7"), firm_of("7"), firm_of("8")

    assert first == again
    assert first != other
    assert len(first[0]) == 46 and len(first[1]) == 311  # plus the emulator's own 6 and 11


def test_a_second_run_changes_nothing(clio_sandbox_factory):
    sandbox = emulator(clio_sandbox_factory)
    small = ("--clients", "10", "--matters", "20", "--entries", "50")
    seed(sandbox.base_url, *small)
    api = Api(sandbox.base_url)
    before = (api.count("matters"), api.count("activities"), api.count("contacts"))

    output = seed(sandbox.base_url, *small)

    assert "already seeded" in output
    assert (api.count("matters"), api.count("activities"), api.count("contacts")) == before


def test_it_refuses_a_base_url_that_is_not_on_this_machine():
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert seed_main(["--clio-url", "https://app.clio.com"]) == 2
    assert "not an emulator on this machine" in err.getvalue()
