import pytest
from django.urls import reverse

from billing.models import Invoice
from tests.billing.factories import ClioUserFactory

STATUSES = list(Invoice.Status)


def invoices(make, count: int, **fields) -> None:
    for n in range(count):
        make(status=STATUSES[n % len(STATUSES)], practice_area=f"Area {n % 3}", **fields)


def page_queries(client, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(15) as captured:
        response = client.get(reverse("billing:invoices"), {"sort": "client", "q": "0"})
    assert response.status_code == 200
    return len(captured)


def test_the_page_costs_the_same_queries_for_1_and_30_invoices(
    client, billing_clerk, make, django_assert_max_num_queries
):
    client.force_login(billing_clerk)
    invoices(make, 1)
    with_1 = page_queries(client, django_assert_max_num_queries)
    invoices(make, 29)
    with_30 = page_queries(client, django_assert_max_num_queries)

    assert with_1 == with_30


@pytest.mark.django_db
def test_an_attorneys_page_costs_the_same_queries_for_1_and_30_invoices(
    client, attorney, make, django_assert_max_num_queries
):
    me = ClioUserFactory(remit_user=attorney)
    client.force_login(attorney)
    invoices(make, 1, responsible_attorney=me)
    with_1 = page_queries(client, django_assert_max_num_queries)
    invoices(make, 29, responsible_attorney=me)
    with_30 = page_queries(client, django_assert_max_num_queries)

    assert with_1 == with_30
