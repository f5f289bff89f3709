"""Adjustments refused (after approval, bad amounts, no reason) say why and change nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from billing.models import Invoice, InvoiceAdjustment, InvoiceLine
from billing.services.adjustments import (
    AdjustmentRefused,
    invoice_discount_set,
    invoice_line_write_down,
)
from billing.services.review import InvoiceTransitionError, invoice_approve
from tests.billing.factories import draft_with_lines


def _unchanged(invoice):
    assert not InvoiceAdjustment.objects.filter(invoice=invoice).exists()
    fresh = Invoice.objects.get(pk=invoice.pk)
    assert (fresh.total, fresh.discount) == (Decimal("750.00"), Decimal("0.00"))
    assert not InvoiceLine.objects.filter(invoice=invoice, write_down__gt=0).exists()


def test_an_approved_invoice_cannot_be_written_down_or_discounted(client, billing_clerk, rules):
    invoice = invoice_approve(invoice=draft_with_lines(), user=billing_clerk)
    line = invoice.lines.first()
    client.force_login(billing_clerk)

    response = client.post(
        reverse("billing:line-write-down", args=[line.pk]),
        {"how": "off", "amount": "10", "reason": "Late"},
        HTTP_HX_REQUEST="true",
    )
    with pytest.raises(InvoiceTransitionError, match="only change while the invoice is a draft"):
        invoice_discount_set(invoice=invoice, user=billing_clerk, reason="x", amount=Decimal(5))

    assert "only change while the invoice is a draft" in response.content.decode()
    _unchanged(invoice)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"how": "off", "amount": "-5", "reason": "Why"}, "greater than or equal to 0"),
        ({"how": "off", "amount": "451", "reason": "Why"}, "more than the line&#x27;s $450.00"),
        ({"how": "to", "amount": "450", "reason": "Why"}, "must be below the line"),
        ({"how": "off", "amount": "0", "reason": "Why"}, "more than $0"),
        ({"how": "off", "amount": "ten", "reason": "Why"}, "Enter a number"),
        ({"how": "off", "amount": "1.005", "reason": "Why"}, "2 decimal places"),
        ({"how": "off", "amount": "10", "reason": "  "}, "This field is required"),
    ],
)
def test_a_bad_write_down_is_refused_in_place(client, billing_clerk, rules, data, message):
    invoice = draft_with_lines()
    line = invoice.lines.get(amount=Decimal("450.00"))
    client.force_login(billing_clerk)

    response = client.post(
        reverse("billing:line-write-down", args=[line.pk]), data, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#line-{line.pk}"
    assert message in response.content.decode()
    _unchanged(invoice)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"how": "amount", "value": "751", "reason": "Why"}, "more than the $750.00"),
        ({"how": "percent", "value": "101", "reason": "Why"}, "at most 100%"),
        ({"how": "percent", "value": "-1", "reason": "Why"}, "greater than or equal to 0"),
        ({"how": "amount", "value": "abc", "reason": "Why"}, "Enter a number"),
        ({"how": "amount", "value": "10", "reason": ""}, "This field is required"),
    ],
)
def test_a_bad_discount_is_refused_in_place(client, billing_clerk, rules, data, message):
    invoice = draft_with_lines()
    client.force_login(billing_clerk)

    response = client.post(
        reverse("billing:invoice-discount", args=[invoice.pk]), data, HTTP_HX_REQUEST="true"
    )

    assert response["HX-Retarget"] == "#invoice-discount"
    assert message in response.content.decode()
    _unchanged(invoice)


def test_the_service_refuses_bad_amounts_and_an_empty_reason(billing_clerk, rules):
    invoice = draft_with_lines()
    line = invoice.lines.get(amount=Decimal("450.00"))

    for kwargs, message in [
        ({"amount_off": Decimal("-1"), "reason": "Why"}, "cannot be negative"),
        ({"amount_off": Decimal("450.01"), "reason": "Why"}, "more than the line"),
        ({"amount_off": Decimal("10"), "reason": " "}, "Say why"),
        ({"amount_off": Decimal("10"), "new_amount": Decimal("5"), "reason": "x"}, "either"),
        ({"amount_off": "10", "reason": "Why"}, "dollars and cents"),
        ({"amount_off": Decimal("NaN"), "reason": "Why"}, "dollars and cents"),
    ]:
        with pytest.raises(AdjustmentRefused, match=message):
            invoice_line_write_down(line=line, user=billing_clerk, **kwargs)

    _unchanged(invoice)
