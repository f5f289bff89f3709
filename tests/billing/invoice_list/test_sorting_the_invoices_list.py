from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from billing.models import Invoice
from tests.billing.factories import ClientFactory


def order(client, sort: str) -> list[int]:
    response = client.get(reverse("billing:invoices"), {"sort": sort})
    assert response.status_code == 200
    return [invoice.pk for invoice in response.context["page"]]


@pytest.fixture
def three(make):
    a = make(
        number="R-2026-000002", total="300.00", amount_paid="250.00",
        client=ClientFactory(name="Abbott"), display_number="00003-C",
        sent_at=datetime(2026, 3, 2, tzinfo=UTC), due_date=date(2026, 4, 1),
    )  # fmt: skip
    b = make(
        number="R-2026-000001", total="100.00",
        client=ClientFactory(name="Baker"), display_number="00001-A",
        sent_at=datetime(2026, 3, 1, tzinfo=UTC), due_date=date(2026, 3, 31),
    )  # fmt: skip
    c = make(
        status=Invoice.Status.DRAFT, total="200.00",
        client=ClientFactory(name="Cole"), display_number="00002-B",
        created_at=datetime(2026, 3, 5, tzinfo=UTC),
    )  # fmt: skip
    return a, b, c


def test_each_column_sorts_both_ways_with_blanks_last(client, billing_clerk, three):
    a, b, c = (i.pk for i in three)
    client.force_login(billing_clerk)

    assert order(client, "number") == [b, a, c]
    assert order(client, "-number") == [a, b, c]
    assert order(client, "client") == [a, b, c]
    assert order(client, "-client") == [c, b, a]
    assert order(client, "matter") == [b, c, a]
    assert order(client, "status") == [c, a, b]  # "draft" < "sent", then by id
    assert order(client, "total") == [b, c, a]
    assert order(client, "-total") == [a, c, b]
    assert order(client, "amount_due") == [a, b, c]  # 50, 100, 200
    assert order(client, "sent_at") == [b, a, c]
    assert order(client, "-due_date") == [a, b, c]


def test_the_default_is_newest_first(client, billing_clerk, three):
    a, b, c = (i.pk for i in three)  # created 1, 1 and 5 March
    client.force_login(billing_clerk)

    assert order(client, "") == [c, b, a]


@pytest.mark.parametrize("bad", ["password", "--total", "total;drop", "matter__client__name", "-"])
def test_a_sort_not_on_the_list_falls_back_to_the_default(client, billing_clerk, three, bad):
    client.force_login(billing_clerk)

    assert order(client, bad) == order(client, "-created_at")


def test_the_headings_link_to_the_other_direction_of_the_current_sort(client, billing_clerk, three):
    client.force_login(billing_clerk)

    html = client.get(reverse("billing:invoices"), {"sort": "total", "q": "0"}).content.decode()

    assert 'href="?q=0&amp;sort=-total"' in html
    assert 'href="?q=0&amp;sort=number"' in html
