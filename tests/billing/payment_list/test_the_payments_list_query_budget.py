"""The payments page costs the same number of queries for 3 payments as for 30."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.billing.payment_list.conftest import invoice, payment


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("payments:list")).status_code == 200
    return len(captured)


def test_the_page_does_not_cost_a_query_per_payment(client, billing_clerk, db):
    client.force_login(billing_clerk)
    for n in range(3):
        payment(invoice(f"R-2026-0004{n:02}"), tx=f"t-a{n}")
    few = _queries(client)
    for n in range(27):
        payment(invoice(f"R-2026-0005{n:02}"), tx=f"t-b{n}")

    assert _queries(client) == few
