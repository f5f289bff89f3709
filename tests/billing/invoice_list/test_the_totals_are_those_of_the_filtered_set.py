from decimal import Decimal

from django.urls import reverse

from billing.models import Invoice


def test_the_totals_add_up_the_filtered_invoices_only(client, billing_clerk, make):
    make(practice_area="Family", total="1200.00")  # due 1,200.00
    make(
        practice_area="Family",
        status=Invoice.Status.PARTIALLY_PAID,
        total="800.50",
        amount_paid="300.25",
        trust_applied="100.00",
    )  # due 400.25, paid 400.25
    make(practice_area="Family", status=Invoice.Status.PAID, total="250.00", amount_paid="250.00")
    make(practice_area="Family", status=Invoice.Status.VOID, total="75.00")  # nothing due
    make(practice_area="Tax", total="9999.00")  # filtered out
    client.force_login(billing_clerk)

    response = client.get(reverse("billing:invoices"), {"practice_area": "Family"})

    assert response.context["totals"] == {
        "count": 4,
        "total": Decimal("2325.50"),
        "due": Decimal("1600.25"),
        "paid": Decimal("650.25"),
    }
    assert "total $2,325.50" in response.content.decode()
    assert "due $1,600.25" in response.content.decode()


def test_the_totals_of_nothing_are_zero(client, billing_clerk):
    client.force_login(billing_clerk)

    totals = client.get(reverse("billing:invoices")).context["totals"]

    assert totals == {"count": 0, "total": 0, "due": 0, "paid": 0}
