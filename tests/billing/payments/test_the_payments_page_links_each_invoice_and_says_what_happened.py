"""The payments page links each payment to its invoice, and says in plain words what became of
the money: received, refunded (in part or in full) or reversed."""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from billing.models import Payment
from tests.billing.factories import draft_with_lines


def payment(invoice=None, **values) -> Payment:
    return Payment.objects.create(
        invoice=invoice,
        matter=invoice.matter if invoice else None,
        lawpay_transaction_id=values.pop("tx"),
        lawpay_account_id="op",
        amount=values.pop("amount", Decimal("1250.00")),
        received_at=timezone.now(),
        **values,
    )


def test_each_payment_links_its_invoice_and_states_its_fate(client, billing_clerk):
    invoice = draft_with_lines(number="R-2027-000042", status="paid")
    payment(invoice, tx="t-received")
    payment(invoice, tx="t-part", amount_refunded=Decimal("250.00"))
    payment(invoice, tx="t-full", amount_refunded=Decimal("1250.00"))
    payment(invoice, tx="t-reversed", status=Payment.Status.REVERSED)
    payment(None, tx="t-unmatched")
    client.force_login(billing_clerk)

    html = client.get(reverse("payments:list")).content.decode()

    link = f'<a href="{reverse("billing:invoice", args=[invoice.pk])}">R-2027-000042</a>'
    assert html.count(link) == 4
    assert f'<a href="{reverse("payments:unmatched")}">unmatched</a>' in html
    assert "$1,250.00" in html and "$250.00" in html
    for words in ("Received", "Partly refunded", ">Refunded<", "Reversed"):
        assert words in html, words
    assert "Recorded" not in html
