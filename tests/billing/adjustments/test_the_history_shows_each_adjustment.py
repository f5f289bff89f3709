"""Each adjustment shows in the invoice's history (and its line's), naming who and why."""

from decimal import Decimal

from django.urls import reverse

from billing.models import Invoice, InvoiceAdjustment, InvoiceLine
from tests.billing.factories import draft_with_lines


def test_write_down_discount_and_removal_each_leave_history(client, billing_clerk, rules):
    invoice = draft_with_lines(amounts=(Decimal("300.00"), Decimal("450.00"), Decimal("100.00")))
    first, second, _third = invoice.lines.order_by("amount")  # $100, $300, $450
    client.force_login(billing_clerk)

    client.post(
        reverse("billing:line-write-down", args=[second.pk]),
        {"how": "off", "amount": "50", "reason": "Courtesy"},
    )
    client.post(
        reverse("billing:invoice-discount", args=[invoice.pk]),
        {"how": "percent", "value": "10", "reason": "Loyal client"},
    )
    client.post(reverse("billing:line-remove", args=[first.pk]), {"reason": "Duplicate"})

    rows = list(Invoice.history.filter(id=invoice.pk).order_by("history_date", "history_id"))
    changes = [(row.total, row.discount, row.history_change_reason) for row in rows[-3:]]
    assert changes == [
        (
            Decimal("800.00"),
            Decimal("0.00"),
            f"Line of {second.date} written down $50.00: Courtesy",
        ),
        (Decimal("720.00"), Decimal("80.00"), "Discount 10%: Loyal client"),
        (Decimal("630.00"), Decimal("70.00"), f"Line of {first.date} removed: Duplicate"),
    ]
    assert {row.history_user for row in rows[-3:]} == {billing_clerk}
    line_history = InvoiceLine.history.filter(id=second.pk).latest("history_date")
    assert (line_history.write_down, line_history.history_user) == (Decimal("50.00"), billing_clerk)
    assert list(
        InvoiceAdjustment.history.filter(invoice_id=invoice.pk)
        .values_list("kind", "history_user__username")
        .order_by("history_date")
    ) == [("write_down", "bill"), ("discount", "bill"), ("exclude", "bill")]
