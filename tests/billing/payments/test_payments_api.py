"""``/api/v1/payments/``: filterable by invoice and unmatched, for staff with the permission."""

from decimal import Decimal

from django.utils import timezone

from billing.models import Payment
from tests.billing.sandbox_world import smith_invoice


def _payments():
    invoice = smith_invoice()
    matched = Payment.objects.create(
        invoice=invoice,
        matter=invoice.matter,
        lawpay_transaction_id="m1",
        lawpay_account_id="op",
        amount=Decimal("875.00"),
        received_at=timezone.now(),
    )
    unmatched = Payment.objects.create(
        lawpay_transaction_id="u1",
        lawpay_account_id="op",
        reference="WALK-IN",
        amount=Decimal("50.00"),
        received_at=timezone.now(),
    )
    return invoice, matched, unmatched


def _ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [p["lawpay_transaction_id"] for p in response.json()["results"]]


def test_billing_staff_list_and_filter_payments(client, billing_clerk):
    invoice, _, _ = _payments()
    client.force_login(billing_clerk)

    assert set(_ids(client.get("/api/v1/payments/"))) == {"m1", "u1"}
    assert _ids(client.get(f"/api/v1/payments/?invoice={invoice.pk}")) == ["m1"]
    assert _ids(client.get("/api/v1/payments/?unmatched=true")) == ["u1"]
    [row] = client.get(f"/api/v1/payments/?invoice={invoice.pk}").json()["results"]
    assert (row["amount"], row["invoice_number"], row["clio_matter_id"]) == (
        "875.00",
        "R-2026-000001",
        1001,
    )


def test_an_attorney_and_anonymous_users_get_nothing(client, attorney):
    _payments()

    assert client.get("/api/v1/payments/").status_code in (401, 403)
    client.force_login(attorney)
    assert client.get("/api/v1/payments/").status_code == 403
