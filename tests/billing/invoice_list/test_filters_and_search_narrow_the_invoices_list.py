from datetime import UTC, date, datetime

import time_machine
from django.urls import reverse

from billing.models import Invoice
from tests.billing.factories import ClientFactory, ClioUserFactory
from tests.billing.invoice_list.conftest import NOW, sent_on


def listed(client, **params) -> set[int]:
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("billing:invoices"), params)
    assert response.status_code == 200
    return {invoice.pk for invoice in response.context["page"]}


def test_search_finds_by_client_matter_and_number(client, billing_clerk, make):
    by_client = make(client=ClientFactory(name="Hargreaves Holdings"))
    by_matter = make(display_number="00777-Okafor")
    by_number = make(number="R-2026-000042")
    client.force_login(billing_clerk)

    assert listed(client, q="hargreaves") == {by_client.pk}
    assert listed(client, q="777-oka") == {by_matter.pk}
    assert listed(client, q="000042") == {by_number.pk}


def test_status_filters_and_overdue_takes_sent_and_partially_paid_past_due(
    client, billing_clerk, make
):
    draft = make(status=Invoice.Status.DRAFT)
    sent_late = make(sent_at=sent_on(date(2026, 2, 1)), due_date=date(2026, 3, 1))
    partly_late = make(
        status=Invoice.Status.PARTIALLY_PAID, amount_paid="40.00", due_date=date(2026, 3, 1)
    )
    make(status=Invoice.Status.PAID, amount_paid="100.00", due_date=date(2026, 3, 1))
    sent_on_time = make(due_date=date(2026, 4, 1))
    client.force_login(billing_clerk)

    assert listed(client, status="draft") == {draft.pk}
    assert listed(client, status="sent") == {sent_late.pk, sent_on_time.pk}
    assert listed(client, status="overdue") == {sent_late.pk, partly_late.pk}


def test_attorney_and_practice_area_filters(client, billing_clerk, make):
    carter = ClioUserFactory(name="Dana Carter")
    carters = make(responsible_attorney=carter)
    family = make(practice_area="Family")
    client.force_login(billing_clerk)

    assert listed(client, attorney=carter.pk) == {carters.pk}
    assert listed(client, practice_area="Family") == {family.pk}


def test_the_date_range_is_the_sent_day_or_the_drafted_day_in_the_firms_zone(
    client, billing_clerk, make
):
    # 03:00 UTC on 10 March is still 9 March in New York.
    sent_late_on_the_9th = make(sent_at=datetime(2026, 3, 10, 3, 0, tzinfo=UTC))
    sent_on_the_10th = make(sent_at=sent_on(date(2026, 3, 10)))
    drafted_on_the_12th = make(
        status=Invoice.Status.DRAFT, created_at=datetime(2026, 3, 12, 15, 0, tzinfo=UTC)
    )
    # Drafted long before, sent in range: dated by its sending.
    make(created_at=datetime(2026, 1, 2, 15, 0, tzinfo=UTC), sent_at=sent_on(date(2026, 3, 20)))
    client.force_login(billing_clerk)

    assert listed(client, date_from="2026-03-10", date_to="2026-03-12") == {
        sent_on_the_10th.pk,
        drafted_on_the_12th.pk,
    }
    assert listed(client, date_to="2026-03-09") == {sent_late_on_the_9th.pk}


def test_the_amount_range_is_of_the_total_and_inclusive(client, billing_clerk, make):
    make(total="99.99")
    hundred = make(total="100.00")
    five_hundred = make(total="500.00")
    make(total="500.01")
    client.force_login(billing_clerk)

    assert listed(client, amount_min="100", amount_max="500") == {hundred.pk, five_hundred.pk}
