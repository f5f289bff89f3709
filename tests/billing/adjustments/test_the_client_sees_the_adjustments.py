"""The client's email and invoice page show write-downs and the discount as lines of the
invoice, money with thousands separators; the reasons stay inside the firm."""

from decimal import Decimal

from billing.models import Invoice
from billing.services.adjustments import invoice_discount_set, invoice_line_write_down
from billing.services.delivery import invoice_email_build, invoice_public_url
from billing.services.review import invoice_approve
from tests.billing.factories import draft_with_lines


def _adjusted_and_sent(user):
    invoice = draft_with_lines(amounts=(Decimal("2500.00"), Decimal("450.00")))
    line = invoice.lines.get(amount=Decimal("2500.00"))
    invoice_line_write_down(
        line=line, user=user, reason="Junior time, internal", amount_off=Decimal("500.00")
    )
    invoice_discount_set(invoice=invoice, user=user, reason="Loyalty", percent=Decimal("10"))
    invoice = invoice_approve(invoice=invoice, user=user)
    Invoice.objects.filter(pk=invoice.pk).update(
        status=Invoice.Status.SENT, payment_url="https://secure.lawpay.test/pages/x?a=1"
    )
    invoice.refresh_from_db()
    return invoice


def test_the_email_shows_the_write_down_and_the_discount(billing_clerk, rules):
    invoice = _adjusted_and_sent(billing_clerk)

    message = invoice_email_build(invoice=invoice, recipient="client@example.com")

    html = message.alternatives[0][0]
    for text in (message.body, html):
        assert "$2,500.00" in text
        assert "Write-down" in text
        assert "−$500.00" in text
        assert "Discount (10%)" in text
        assert "−$245.00" in text
        assert "$2,205.00" in text  # total and amount due
        assert "Junior time" not in text


def test_the_public_page_shows_the_write_down_and_the_discount(client, billing_clerk, rules):
    invoice = _adjusted_and_sent(billing_clerk)

    response = client.get(invoice_public_url(invoice=invoice).removeprefix("http://testserver"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="write-down">−$500.00' in page
    assert 'data-testid="discount">−$245.00' in page
    assert 'data-testid="amount-due">$2,205.00' in page
    assert "Loyalty" not in page


def test_the_api_lists_the_adjustments(client, billing_clerk, rules):
    from rest_framework.test import APIClient

    invoice = _adjusted_and_sent(billing_clerk)
    api = APIClient()
    api.force_authenticate(billing_clerk)

    body = api.get("/api/v1/invoices/").json()["results"][0]

    assert body["id"] == invoice.pk
    assert (body["total"], body["discount"]) == ("2205.00", "245.00")
    assert sorted(line["write_down"] for line in body["lines"]) == ["0.00", "500.00"]
    assert [(a["kind"], a["reason"], a["created_by"]) for a in body["adjustments"]] == [
        ("write_down", "Junior time, internal", "bill"),
        ("discount", "Loyalty", "bill"),
    ]
