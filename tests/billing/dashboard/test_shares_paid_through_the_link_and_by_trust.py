from datetime import date

from django.utils import timezone

from billing.models import Invoice
from billing.selectors.collections import (
    collections_months,
    collections_paid_in,
    collections_settlement,
)
from tests.billing.dashboard.conftest import firm_noon


def paid(make, *, total, link="0.00", trust="0.00", on=date(2026, 3, 2)):
    return make(status=Invoice.Status.PAID, total=total, amount_paid=link, trust_applied=trust,
                sent_at=firm_noon(on), paid_at=firm_noon(on))  # fmt: skip


def test_the_link_and_trust_shares_are_of_what_paid_invoices_received(make, firm_admin, frozen):
    paid(make, total="600.00", link="600.00")
    paid(make, total="300.00", trust="300.00")
    paid(make, total="100.00", link="40.00", trust="60.00")
    # Not paid in full, or paid before the months: not counted.
    make(status=Invoice.Status.PARTIALLY_PAID, total="900.00", amount_paid="100.00")
    paid(make, total="5000.00", link="5000.00", on=date(2025, 1, 5))
    months = collections_months(since="2026-01", until="2026-03", now=timezone.now())

    settlement = collections_settlement(
        paid_invoices=collections_paid_in(user=firm_admin, months=months)
    )

    assert (settlement.invoices, settlement.link_invoices, settlement.trust_invoices) == (3, 2, 2)
    assert (settlement.link, settlement.trust, settlement.settled) == (640, 360, 1000)


def test_the_figure_shows_each_share_as_a_percentage(client, make, billing_clerk, frozen):
    paid(make, total="750.00", link="750.00")
    paid(make, total="250.00", trust="250.00")
    client.force_login(billing_clerk)

    figures = {f.key: f for f in client.get("/billing/dashboard/").context["figures"]}

    assert figures["settlement"].rows == (
        ("Through the payment link (LawPay)", "1", "50.0", "750.00", "75.0"),
        ("Covered by trust", "1", "50.0", "250.00", "25.0"),
    )
