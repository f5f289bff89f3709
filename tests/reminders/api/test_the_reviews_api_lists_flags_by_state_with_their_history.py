from datetime import date, timedelta

import pytest
import time_machine
from rest_framework.pagination import PageNumberPagination

from billing.models import Invoice
from reminders.models import ReviewAction
from tests.reminders.api.desk import NOW, SENT_AT, api, review_of, sent_invoice


@pytest.fixture
def reviews(attorney):
    waiting = review_of(sent_invoice(attorney=attorney, number="R-2027-000001"))
    snoozed = review_of(
        sent_invoice(attorney=attorney, number="R-2027-000002"),
        state="snoozed",
        snoozed_until=date(2027, 4, 20),
    )
    disputed = review_of(sent_invoice(attorney=attorney, number="R-2027-000003"), state="disputed")
    paid = review_of(sent_invoice(attorney=attorney, number="R-2027-000004"))
    Invoice.objects.filter(pk=paid.invoice_id).update(status="paid")
    ReviewAction.objects.create(
        review=snoozed,
        kind="snoozed",
        note="Pays on the 20th",
        until=date(2027, 4, 20),
        by=attorney,
        at=SENT_AT + timedelta(days=31),
    )
    return {"waiting": waiting, "snoozed": snoozed, "disputed": disputed, "settled": paid}


def _numbers(user, **params) -> list[str]:
    with time_machine.travel(NOW, tick=False):
        response = api(user).get("/api/v1/reviews/", params)
    assert response.status_code == 200, response.json()
    return [r["invoice_number"] for r in response.json()["results"]]


def test_all_flags_are_listed_by_default(attorney, reviews):
    assert _numbers(attorney) == [
        "R-2027-000001",
        "R-2027-000002",
        "R-2027-000003",
        "R-2027-000004",
    ]


@pytest.mark.parametrize(
    ("show", "numbers"),
    [
        ("waiting", ["R-2027-000001"]),
        ("snoozed", ["R-2027-000002"]),
        ("disputed", ["R-2027-000003"]),
        ("write_off", []),
        ("settled", ["R-2027-000004"]),
    ],
)
def test_show_picks_the_flags_in_that_state(attorney, reviews, show, numbers):
    assert _numbers(attorney, show=show) == numbers


def test_a_flag_carries_its_invoice_matter_client_and_history(attorney, reviews):
    with time_machine.travel(NOW, tick=False):
        [row] = api(attorney).get("/api/v1/reviews/", {"show": "snoozed"}).json()["results"]

    snoozed = reviews["snoozed"]
    assert row["id"] == snoozed.pk and row["invoice_id"] == snoozed.invoice_id
    assert row["clio_matter_id"] == snoozed.matter.clio_id
    assert row["matter_display_number"] == snoozed.matter.display_number
    assert row["client_name"] == snoozed.matter.client.name
    assert (row["amount_due"], row["days_since_sent"]) == ("875.00", 35)
    assert (row["state"], row["snoozed_until"]) == ("snoozed", "2027-04-20")
    assert row["assigned_to"] == snoozed.matter.responsible_attorney.name
    assert row["flagged_at"] == "2027-03-31T15:00:00Z"
    assert row["actions"] == [
        {
            "kind": "snoozed",
            "note": "Pays on the 20th",
            "until": "2027-04-20",
            "by": "alice",
            "at": "2027-04-01T15:00:00Z",
        }
    ]


def test_the_list_is_paged_like_the_other_lists(attorney, reviews, monkeypatch):
    # The page size is read from the settings once, when DRF's paginator class is defined.
    monkeypatch.setattr(PageNumberPagination, "page_size", 3)

    with time_machine.travel(NOW, tick=False):
        first = api(attorney).get("/api/v1/reviews/").json()
        second = api(attorney).get("/api/v1/reviews/", {"page": 2}).json()

    assert first["count"] == 4 and len(first["results"]) == 3 and first["next"]
    assert [r["invoice_number"] for r in second["results"]] == ["R-2027-000004"]
