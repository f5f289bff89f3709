from datetime import date, timedelta

import pytest
from django.urls import reverse

from billing.models import Invoice, Payment
from tests.billing.dashboard.conftest import NOW, firm_noon, payment_make
from tests.billing.factories import ClioUserFactory

STATUSES = [Invoice.Status.SENT, Invoice.Status.PARTIALLY_PAID, Invoice.Status.PAID]


def invoices(make, count: int, **fields) -> None:
    for n in range(count):
        sent = date(2026, 3, 15) - timedelta(days=n * 7)
        status = STATUSES[n % 3]
        invoice = make(
            status=status,
            sent_at=firm_noon(sent),
            paid_at=firm_noon(sent + timedelta(days=n)) if status == Invoice.Status.PAID else None,
            worked_on=sent - timedelta(days=n),
            practice_area=f"Area {n % 4}",
            **fields,
        )
        payment_make(invoice=invoice, amount="10.00", received_at=NOW - timedelta(days=n))
    payment_make(amount="5.00", received_at=NOW, status=Payment.Status.RECORDED)


def queries(client, url, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(30) as captured:
        response = client.get(url)
    assert response.status_code == 200
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return len(captured)


@pytest.mark.parametrize(
    "url_name", ["billing:dashboard", "billing:dashboard-csv", "api-metrics-aging",
                 "api-metrics-cycle-time"]
)  # fmt: skip
def test_the_same_queries_for_3_and_30_invoices(
    client, billing_clerk, make, frozen, django_assert_max_num_queries, url_name
):
    client.force_login(billing_clerk)
    url = reverse(url_name)
    invoices(make, 3)
    with_3 = queries(client, url, django_assert_max_num_queries)
    invoices(make, 27)
    with_30 = queries(client, url, django_assert_max_num_queries)

    assert with_3 == with_30


def test_an_attorneys_page_costs_the_same_for_3_and_30_invoices(
    client, attorney, make, frozen, django_assert_max_num_queries
):
    me = ClioUserFactory(remit_user=attorney)
    client.force_login(attorney)
    url = reverse("billing:dashboard")
    invoices(make, 3, responsible_attorney=me)
    with_3 = queries(client, url, django_assert_max_num_queries)
    invoices(make, 27, responsible_attorney=me)
    with_30 = queries(client, url, django_assert_max_num_queries)

    assert with_3 == with_30
