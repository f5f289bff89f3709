from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from billing.models import Invoice, InvoiceLine
from billing.selectors import activities_approved
from billing.services.review import invoice_approve
from tests.billing.factories import draft_with_lines


def test_removing_a_line_recomputes_the_total_and_returns_the_entry_to_the_pool(
    client, billing_clerk, rules
):
    invoice = draft_with_lines(amounts=(Decimal("300.00"), Decimal("450.00")))
    line = invoice.lines.get(amount=Decimal("450.00"))
    client.force_login(billing_clerk)

    response = client.post(reverse("billing:line-remove", args=[line.pk]), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert 'data-testid="total">$300.00' in response.content.decode()
    invoice.refresh_from_db()
    assert invoice.total == Decimal("300.00")
    assert list(activities_approved(rules=rules, now=timezone.now())) == [line.activity]


def test_editing_a_line_description_changes_only_the_invoice(client, billing_clerk, rules):
    invoice = draft_with_lines()
    line = invoice.lines.first()
    client.force_login(billing_clerk)

    form = client.get(reverse("billing:line-edit", args=[line.pk]), HTTP_HX_REQUEST="true")
    response = client.post(
        reverse("billing:line-edit", args=[line.pk]),
        {"description": "Drafted the motion to compel"},
        HTTP_HX_REQUEST="true",
    )

    assert 'name="description"' in form.content.decode()
    assert "Drafted the motion to compel" in response.content.decode()
    line.refresh_from_db()
    assert line.description == "Drafted the motion to compel"
    assert line.activity.description != line.description
    history = InvoiceLine.history.filter(id=line.pk).latest("history_date")
    assert history.history_user == billing_clerk


def test_an_empty_description_is_refused(client, billing_clerk, rules):
    line = draft_with_lines().lines.first()
    client.force_login(billing_clerk)

    response = client.post(reverse("billing:line-edit", args=[line.pk]), {"description": " "})

    assert response.status_code == 200
    assert "required" in response.content.decode()
    assert InvoiceLine.objects.get(pk=line.pk).description == line.description


def test_lines_of_an_approved_invoice_cannot_be_changed(client, billing_clerk, rules):
    invoice = draft_with_lines()
    invoice_approve(invoice=invoice, user=billing_clerk)
    line = invoice.lines.first()
    client.force_login(billing_clerk)

    response = client.post(reverse("billing:line-remove", args=[line.pk]), HTTP_HX_REQUEST="true")

    assert "only change while the invoice is a draft" in response.content.decode()
    assert InvoiceLine.objects.get(pk=line.pk).live
    assert Invoice.objects.get(pk=invoice.pk).total == Decimal("750.00")


def test_an_attorney_cannot_remove_lines(client, attorney, rules):
    line = draft_with_lines().lines.first()
    client.force_login(attorney)

    response = client.post(reverse("billing:line-remove", args=[line.pk]))

    assert response.status_code == 403
    assert InvoiceLine.objects.get(pk=line.pk).live
