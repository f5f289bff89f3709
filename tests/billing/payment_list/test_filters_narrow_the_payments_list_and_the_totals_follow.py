"""Search, status, method and a firm-local date range narrow the payments list; the totals are
those of the filtered set, reversed payments counted but adding nothing."""

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from billing.models import Payment
from tests.billing.payment_list.conftest import invoice, payment


def _transactions(html: str) -> list[str]:
    return re.findall(r"<code>(t-[a-z0-9-]+)</code>", html)


def _totals(html: str) -> str:
    [text] = re.findall(r'data-testid="payment-totals">(.*?)</span>', html, re.S)
    return " ".join(text.split())


@pytest.fixture
def payments(db):
    smith = invoice("R-2026-000101")
    garcia = invoice("R-2026-000102")
    payment(smith, tx="t-card", method="card", amount=Decimal("1200.00"))
    payment(garcia, tx="t-bank", method="bank", amount=Decimal("800.00"))
    payment(smith, tx="t-refunded", method="card", amount_refunded=Decimal("50.00"))
    payment(garcia, tx="t-reversed", method="bank", status=Payment.Status.REVERSED)
    payment(None, tx="t-stray", reference="no-such-matter")
    return smith, garcia


def test_the_unfiltered_list_totals_every_payment(client, billing_clerk, payments):
    client.force_login(billing_clerk)

    html = client.get(reverse("payments:list")).content.decode()

    assert sorted(_transactions(html)) == [
        "t-bank",
        "t-card",
        "t-refunded",
        "t-reversed",
        "t-stray",
    ]
    # 1200 + 800 + 100 + 100 received (the reversed 100 left out), 50 refunded.
    assert _totals(html) == (
        "5 payments · received $2,200.00 · refunded $50.00 · net $2,150.00 · reversed $100.00"
    )


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({"q": "R-2026-000102"}, ["t-bank", "t-reversed"]),
        ({"q": "T-STRAY"}, ["t-stray"]),
        ({"q": "no-such"}, ["t-stray"]),
        ({"method": "bank"}, ["t-bank", "t-reversed"]),
        ({"method": "card"}, ["t-card", "t-refunded"]),
        ({"status": "received"}, ["t-bank", "t-card", "t-stray"]),
        ({"status": "partly_refunded"}, ["t-refunded"]),
        ({"status": "reversed"}, ["t-reversed"]),
        ({"status": "unmatched"}, ["t-stray"]),
    ],
)
def test_each_filter_narrows_the_list(client, billing_clerk, payments, params, shown):
    client.force_login(billing_clerk)

    html = client.get(reverse("payments:list"), params).content.decode()

    assert sorted(_transactions(html)) == shown


def test_the_totals_are_those_of_the_filtered_set(client, billing_clerk, payments):
    client.force_login(billing_clerk)

    html = client.get(reverse("payments:list"), {"method": "card"}).content.decode()

    assert _totals(html) == "2 payments · received $1,300.00 · refunded $50.00 · net $1,250.00"


def test_the_date_range_is_in_firm_days(client, billing_clerk, db):
    late = invoice("R-2026-000201")
    # 03:00 UTC on 1 December is still 30 November, 22:00, in New York.
    payment(late, tx="t-november", at=datetime(2026, 12, 1, 3, 0, tzinfo=UTC))
    payment(late, tx="t-december", at=datetime(2026, 12, 1, 5, 30, tzinfo=UTC))
    client.force_login(billing_clerk)

    november = client.get(
        reverse("payments:list"), {"date_from": "2026-11-01", "date_to": "2026-11-30"}
    ).content.decode()
    december = client.get(reverse("payments:list"), {"date_from": "2026-12-01"}).content.decode()

    assert _transactions(november) == ["t-november"]
    assert _transactions(december) == ["t-december"]


def test_a_refused_filter_says_so_and_the_others_still_apply(client, billing_clerk, payments):
    client.force_login(billing_clerk)

    response = client.get(reverse("payments:list"), {"date_from": "yesterday", "method": "bank"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Filter not applied. Received from: Enter a valid date." in html
    assert sorted(_transactions(html)) == ["t-bank", "t-reversed"]


def test_an_unknown_method_or_status_is_refused_plainly(client, billing_clerk, payments):
    client.force_login(billing_clerk)

    html = client.get(reverse("payments:list"), {"method": "cash"}).content.decode()

    assert "Filter not applied. Method: Select a valid choice." in html
    assert len(_transactions(html)) == 5
