from datetime import date

from django.urls import reverse

from billing.models import Invoice
from tests.billing.dashboard.conftest import firm_noon
from tests.billing.factories import ClioUserFactory

SENT = firm_noon(date(2026, 3, 12))


def test_the_page_counts_only_the_attorneys_matters(client, attorney, make, frozen):
    me = ClioUserFactory(remit_user=attorney, name="Alice Able")
    make(responsible_attorney=me, total="100.00", sent_at=SENT)
    make(originating_attorney=me, total="20.00", sent_at=SENT)
    make(responsible_attorney=ClioUserFactory(name="Zed Hidden"), total="5000.00", sent_at=SENT)
    client.force_login(attorney)

    response = client.get(reverse("billing:dashboard"))

    dashboard = response.context["dashboard"]
    assert response.status_code == 200
    assert (dashboard.unpaid_count, dashboard.unpaid_amount) == (2, 120)
    assert "Zed Hidden" not in response.content.decode()


def test_the_api_counts_only_the_attorneys_matters(client, attorney, make, frozen):
    me = ClioUserFactory(remit_user=attorney)
    make(responsible_attorney=me, total="100.00", sent_at=SENT)
    other = ClioUserFactory(name="Zed Hidden")
    make(responsible_attorney=other, total="5000.00", sent_at=SENT)
    make(responsible_attorney=other, status=Invoice.Status.PAID, amount_paid="100.00",
         sent_at=SENT, paid_at=SENT)  # fmt: skip
    client.force_login(attorney)

    aging = client.get(reverse("api-metrics-aging")).json()
    cycle = client.get(reverse("api-metrics-cycle-time")).json()

    assert (aging["unpaid_count"], aging["unpaid_amount"]) == (1, "100.00")
    assert cycle["sent_to_paid"]["overall"] is None
    assert "Zed Hidden" not in str(cycle)


def test_the_csv_export_holds_only_the_attorneys_matters(client, attorney, make, frozen):
    me = ClioUserFactory(remit_user=attorney)
    make(responsible_attorney=me, total="100.00", sent_at=SENT)
    make(responsible_attorney=ClioUserFactory(), total="5000.00", sent_at=SENT)
    client.force_login(attorney)

    response = client.get(reverse("billing:dashboard-csv"), {"figure": "aging"})

    text = b"".join(response.streaming_content).decode()
    assert "0–7 days,1,100.00" in text
    assert "5000" not in text
