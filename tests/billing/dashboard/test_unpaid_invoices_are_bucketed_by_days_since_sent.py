from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from billing.models import Invoice
from billing.selectors.collections import collections_aging
from tests.billing.dashboard.conftest import NOW, firm_noon

TODAY = date(2026, 3, 16)


def sent_days_ago(make, days: int, **fields) -> Invoice:
    return make(sent_at=firm_noon(TODAY - timedelta(days=days)), **fields)


def buckets(user) -> dict[str, tuple[int, str]]:
    return {
        b.label: (b.count, f"{b.amount_due:.2f}")
        for b in collections_aging(user=user, now=timezone.now())
    }


def test_each_edge_day_falls_in_its_own_bucket(make, firm_admin, frozen):
    for days, total in [(0, "1"), (7, "2"), (8, "4"), (14, "8"), (15, "16"), (30, "32")]:
        sent_days_ago(make, days, total=total)
    for days, total in [(31, "64"), (60, "128"), (61, "256"), (400, "512")]:
        sent_days_ago(make, days, total=total)

    assert buckets(firm_admin) == {
        "0–7 days": (2, "3.00"),
        "8–14 days": (2, "12.00"),
        "15–30 days": (2, "48.00"),
        "31–60 days": (2, "192.00"),
        "60+ days": (2, "768.00"),
    }


def test_the_amount_due_leaves_out_what_was_paid_and_applied_from_trust(make, firm_admin, frozen):
    sent_days_ago(
        make,
        3,
        status=Invoice.Status.PARTIALLY_PAID,
        total="1000.00",
        amount_paid="250.00",
        trust_applied="100.00",
    )

    assert buckets(firm_admin)["0–7 days"] == (1, "650.00")


def test_paid_unsent_and_void_invoices_are_not_unpaid(make, firm_admin, frozen):
    sent_days_ago(make, 3, status=Invoice.Status.PAID, amount_paid="100.00")
    sent_days_ago(make, 3, status=Invoice.Status.VOID)
    make(status=Invoice.Status.APPROVED)
    make(status=Invoice.Status.DRAFT)

    assert sum(count for count, _ in buckets(firm_admin).values()) == 0


def test_the_age_counts_firm_days_not_utc_days(make, firm_admin, frozen):
    # 23:30 in New York on March 8 is already March 9 in UTC: 8 firm days ago, not 7.
    make(sent_at=datetime(2026, 3, 9, 3, 30, tzinfo=UTC))
    # 00:30 in New York on March 9 (05:30 UTC): 7 firm days ago.
    make(sent_at=datetime(2026, 3, 9, 5, 30, tzinfo=UTC))

    figures = buckets(firm_admin)

    assert figures["0–7 days"][0] == 1
    assert figures["8–14 days"][0] == 1
    assert timezone.now() == NOW
