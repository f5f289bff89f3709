"""Writing a line down: recorded with who and why, the total and the payment amount follow,
Clio's entry and the line's Clio amount stay as they are."""

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

from billing.models import Invoice, InvoiceAdjustment
from billing.services.adjustments import invoice_line_write_down
from billing.services.delivery import invoice_payment_link
from billing.services.review import invoice_approve
from tests.billing.factories import draft_with_lines


def _post(client, line, **data):
    return client.post(
        reverse("billing:line-write-down", args=[line.pk]), data, HTTP_HX_REQUEST="true"
    )


def test_a_write_down_by_an_amount_off_is_recorded_with_who_and_why(
    client, billing_clerk, rules, clock
):
    invoice = draft_with_lines(amounts=(Decimal("1500.00"), Decimal("450.00")))
    line = invoice.lines.get(amount=Decimal("1500.00"))
    client.force_login(billing_clerk)

    response = _post(client, line, how="off", amount="250.00", reason="Research ran long")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="total">$1,700.00' in page
    assert "−$250.00 written down" in page
    assert "Research ran long" in page
    adjustment = InvoiceAdjustment.objects.get(line=line)
    assert (adjustment.kind, adjustment.amount, adjustment.line_amount) == (
        InvoiceAdjustment.Kind.WRITE_DOWN,
        Decimal("250.00"),
        Decimal("1500.00"),
    )
    assert adjustment.created_by == billing_clerk
    assert adjustment.reason == "Research ran long"
    line.refresh_from_db()
    assert (line.amount, line.write_down) == (Decimal("1500.00"), Decimal("250.00"))
    assert Invoice.objects.get(pk=invoice.pk).total == Decimal("1700.00")


def test_a_write_down_to_a_new_amount_keeps_the_amount_off(billing_clerk, rules):
    invoice = draft_with_lines(amounts=(Decimal("300.00"), Decimal("450.00")))
    line = invoice.lines.get(amount=Decimal("450.00"))

    invoice_line_write_down(
        line=line, user=billing_clerk, reason="Agreed cap", new_amount=Decimal("400.00")
    )

    assert InvoiceAdjustment.objects.get(line=line).amount == Decimal("50.00")
    assert Invoice.objects.get(pk=invoice.pk).total == Decimal("700.00")


def test_a_line_may_be_written_down_to_nothing(billing_clerk, rules):
    invoice = draft_with_lines(amounts=(Decimal("300.00"), Decimal("450.00")))
    line = invoice.lines.get(amount=Decimal("300.00"))

    invoice_line_write_down(
        line=line, user=billing_clerk, reason="No charge", new_amount=Decimal("0")
    )

    assert Invoice.objects.get(pk=invoice.pk).total == Decimal("450.00")
    assert invoice.lines.get(pk=line.pk).live


def test_a_new_write_down_replaces_the_one_in_force(billing_clerk, rules):
    invoice = draft_with_lines()
    line = invoice.lines.get(amount=Decimal("450.00"))
    invoice_line_write_down(
        line=line, user=billing_clerk, reason="First", amount_off=Decimal("100.00")
    )

    invoice_line_write_down(
        line=line, user=billing_clerk, reason="Second", amount_off=Decimal("40.00")
    )

    rows = list(InvoiceAdjustment.objects.filter(line=line).order_by("pk"))
    assert [(row.reason, row.replaced_at is not None) for row in rows] == [
        ("First", True),
        ("Second", False),
    ]
    assert Invoice.objects.get(pk=invoice.pk).total == Decimal("710.00")


def test_the_payment_link_asks_for_the_written_down_amount(billing_clerk, rules):
    invoice = draft_with_lines(amounts=(Decimal("1200.00"), Decimal("450.00")))
    line = invoice.lines.get(amount=Decimal("1200.00"))
    invoice_line_write_down(
        line=line, user=billing_clerk, reason="Courtesy", amount_off=Decimal("200.00")
    )

    invoice = invoice_approve(invoice=invoice, user=billing_clerk)

    query = parse_qs(urlsplit(invoice_payment_link(invoice=invoice)).query)
    assert invoice.amount_due == Decimal("1450.00")
    assert query["amount"] == ["145000"]  # cents


def test_the_clio_entry_is_not_touched(billing_clerk, rules):
    invoice = draft_with_lines()
    line = invoice.lines.get(amount=Decimal("450.00"))
    before = (line.activity.total, line.activity.description, line.activity.content_changed_at)

    invoice_line_write_down(
        line=line, user=billing_clerk, reason="Courtesy", amount_off=Decimal("50.00")
    )

    line.activity.refresh_from_db()
    after = (line.activity.total, line.activity.description, line.activity.content_changed_at)
    assert after == before
