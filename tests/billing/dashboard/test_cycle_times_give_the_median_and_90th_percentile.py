from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from billing.models import Invoice
from billing.selectors.collections import (
    CycleStat,
    collections_cycle_times,
    collections_months,
)
from tests.billing.dashboard.conftest import firm_noon
from tests.billing.factories import ClioUserFactory, MatterFactory

SENT = date(2026, 3, 10)


def cycles(user):
    months = collections_months(since="2026-01", until="2026-03", now=timezone.now())
    return collections_cycle_times(user=user, months=months)


def worked_days_before_sending(make, days: int, *, sent=SENT, **fields) -> Invoice:
    return make(sent_at=firm_noon(sent), worked_on=sent - timedelta(days=days), **fields)


def paid_days_after_sending(make, days: int, *, sent=SENT, **fields) -> Invoice:
    return make(
        status=Invoice.Status.PAID,
        amount_paid=fields.pop("total", "100.00"),
        sent_at=firm_noon(sent),
        paid_at=firm_noon(sent + timedelta(days=days)),
        **fields,
    )


def test_an_even_set_has_the_mean_of_its_middle_two_and_the_nearest_rank_p90(
    make, firm_admin, frozen
):
    for days in [20, 1, 4, 3, 10, 2]:
        worked_days_before_sending(make, days)

    overall = cycles(firm_admin).work_to_sent.overall

    # Sorted 1 2 3 4 10 20: median (3 + 4) / 2; p90 is rank ceil(0.9 × 6) = 6.
    assert overall == CycleStat(label="All invoices", count=6, median=Decimal("3.5"), p90=20)


def test_an_odd_set_has_its_middle_value_and_the_nearest_rank_p90(make, firm_admin, frozen):
    for days in [9, 1, 5, 7, 30, 2, 2, 8, 6, 4, 3]:
        paid_days_after_sending(make, days, sent=date(2026, 1, 5))

    overall = cycles(firm_admin).sent_to_paid.overall

    # Sorted 1 2 2 3 4 5 6 7 8 9 30: median rank 6; p90 rank ceil(9.9) = 10.
    assert (overall.count, overall.median, overall.p90) == (11, 5, 9)


def test_the_figures_are_split_by_month_attorney_and_practice_area(make, firm_admin, frozen):
    ann, bob = ClioUserFactory(name="Ann"), ClioUserFactory(name="Bob")
    family = MatterFactory(responsible_attorney=ann, practice_area="Family")
    estate = MatterFactory(responsible_attorney=bob, practice_area="Estate")
    nobody = MatterFactory(responsible_attorney=None, practice_area="")
    paid_days_after_sending(make, 4, matter=family, sent=date(2026, 1, 5))
    paid_days_after_sending(make, 10, matter=family, sent=date(2026, 3, 1))
    paid_days_after_sending(make, 2, matter=estate, sent=date(2026, 2, 2))
    paid_days_after_sending(make, 6, matter=nobody, sent=date(2026, 2, 3))

    paid = cycles(firm_admin).sent_to_paid

    def table(stats):
        return [(s.label, s.count, s.median, s.p90) for s in stats]

    # By the month paid in.
    assert table(paid.by_month) == [
        ("2026-01", 1, 4, 4),
        ("2026-02", 2, 4, 6),
        ("2026-03", 1, 10, 10),
    ]
    assert table(paid.by_attorney) == [
        ("Ann", 2, 7, 10), ("Bob", 1, 2, 2), ("No responsible attorney", 1, 6, 6)
    ]  # fmt: skip
    assert table(paid.by_practice_area) == [
        ("Estate", 1, 2, 2), ("Family", 2, 7, 10), ("No practice area", 1, 6, 6)
    ]  # fmt: skip


def test_work_to_sent_starts_at_the_oldest_live_line(make, firm_admin, frozen):
    from billing.models import InvoiceLine

    invoice = worked_days_before_sending(make, 5)
    InvoiceLine.objects.create(
        invoice=invoice, date=SENT - timedelta(days=9), description="Older", amount=1
    )
    InvoiceLine.objects.create(
        invoice=invoice, date=SENT - timedelta(days=40), description="Removed", amount=1, live=False
    )

    assert cycles(firm_admin).work_to_sent.overall.median == 9


def test_only_cycles_ending_in_the_months_count(make, firm_admin, frozen):
    worked_days_before_sending(make, 3, sent=date(2025, 12, 31))
    paid_days_after_sending(make, 40, sent=date(2026, 3, 1))  # paid in April

    figures = cycles(firm_admin)

    assert figures.work_to_sent.overall is None
    assert figures.sent_to_paid.overall is None
