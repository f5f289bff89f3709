"""The payments export carries the rows the filters show, all pages of them, in firm time."""

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

from django.urls import reverse

from billing.models import Payment
from tests.billing.payment_list.conftest import invoice, payment


def test_the_export_follows_the_filters(client, billing_clerk, db):
    paid = invoice("R-2026-000301")
    payment(paid, tx="t-card", method="card", amount=Decimal("1200.00"),
            at=datetime(2026, 12, 1, 3, 0, tzinfo=UTC))  # fmt: skip
    payment(paid, tx="t-bank", method="bank", status=Payment.Status.REVERSED)
    client.force_login(billing_clerk)

    response = client.get(reverse("payments:csv"), {"method": "card"})

    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="payments-' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows == [
        {
            "Received": "2026-11-30 22:00",
            "Invoice": "R-2026-000301",
            "Client": paid.matter.client.name,
            "Matter": paid.matter.display_number,
            "LawPay transaction": "t-card",
            "Method": "Card",
            "Amount": "1200.00",
            "Refunded": "0.00",
            "Status": "Received",
            "Matched by": "",
        }
    ]


def test_every_page_is_exported(client, billing_clerk, db):
    paid = invoice("R-2026-000302")
    for n in range(55):  # more than one page of 50
        payment(paid, tx=f"t-{n}")
    client.force_login(billing_clerk)

    body = b"".join(client.get(reverse("payments:csv")).streaming_content).decode()

    assert len(list(csv.DictReader(io.StringIO(body)))) == 55


def test_a_formula_in_a_cell_is_defused(client, billing_clerk, db):
    payment(None, tx="=cmd|calc")
    client.force_login(billing_clerk)

    body = b"".join(client.get(reverse("payments:csv")).streaming_content).decode()

    assert "'=cmd|calc" in body
