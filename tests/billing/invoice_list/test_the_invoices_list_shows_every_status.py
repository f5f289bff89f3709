from datetime import date

import time_machine
from django.urls import reverse

from billing.models import Invoice
from tests.billing.invoice_list.conftest import NOW, sent_on


def test_every_status_is_listed_with_its_badge_and_a_link_to_its_page(client, billing_clerk, make):
    invoices = {status: make(status=status) for status in Invoice.Status}
    client.force_login(billing_clerk)

    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("billing:invoices"))

    html = response.content.decode()
    assert response.status_code == 200
    assert {i.pk for i in response.context["page"]} == {i.pk for i in invoices.values()}
    for status, invoice in invoices.items():
        assert reverse("billing:invoice", args=[invoice.pk]) in html
        assert f">{status.label}</span>" in html


def test_an_approved_invoice_is_on_the_list(client, billing_clerk, make):
    approved = make(status=Invoice.Status.APPROVED, number="R-2026-000001")
    client.force_login(billing_clerk)

    html = client.get(reverse("billing:invoices")).content.decode()

    assert "R-2026-000001" in html
    assert reverse("billing:invoice", args=[approved.pk]) in html


def test_a_sent_invoice_past_its_due_date_in_the_firms_zone_is_overdue(client, billing_clerk, make):
    # NOW is 2026-03-16 in New York: due the 15th is overdue, due the 16th is not yet.
    late = make(sent_at=sent_on(date(2026, 2, 13)), due_date=date(2026, 3, 15))
    on_time = make(sent_at=sent_on(date(2026, 2, 14)), due_date=date(2026, 3, 16))
    client.force_login(billing_clerk)

    with time_machine.travel(NOW, tick=False):
        rows = {i.pk: i.overdue for i in client.get(reverse("billing:invoices")).context["page"]}

    assert rows == {late.pk: True, on_time.pk: False}


def test_amounts_are_shown_with_thousands_separators(client, billing_clerk, make):
    make(total="1234.56")
    client.force_login(billing_clerk)

    html = client.get(reverse("billing:invoices")).content.decode()

    assert "$1,234.56" in html


def test_the_list_is_fifty_a_page(client, billing_clerk, make):
    for _ in range(51):
        make()
    client.force_login(billing_clerk)

    first = client.get(reverse("billing:invoices"))
    second = client.get(reverse("billing:invoices"), {"page": 2})

    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 1
    assert first.context["totals"]["count"] == 51
