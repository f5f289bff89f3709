"""Only reviewers adjust, and only invoices they may see."""

from decimal import Decimal

from django.contrib.auth.models import Permission
from django.urls import reverse

from billing.models import Invoice, InvoiceAdjustment
from tests.billing.factories import ClioUserFactory, MatterFactory, draft_with_lines


def test_an_attorney_without_the_review_permission_cannot_adjust(client, attorney, rules):
    matter = MatterFactory(responsible_attorney=ClioUserFactory(remit_user=attorney))
    invoice = draft_with_lines(matter=matter)
    line = invoice.lines.first()
    client.force_login(attorney)

    write_down = client.post(
        reverse("billing:line-write-down", args=[line.pk]),
        {"how": "off", "amount": "10", "reason": "Why"},
    )
    discount = client.post(
        reverse("billing:invoice-discount", args=[invoice.pk]),
        {"how": "amount", "value": "10", "reason": "Why"},
    )

    assert (write_down.status_code, discount.status_code) == (403, 403)
    assert not InvoiceAdjustment.objects.exists()


def test_a_reviewing_attorney_gets_a_404_for_another_attorneys_matter(client, attorney, rules):
    attorney.user_permissions.add(Permission.objects.get(codename="review_invoices"))
    invoice = draft_with_lines()  # someone else's matter
    line = invoice.lines.first()
    client.force_login(attorney)

    write_down = client.post(
        reverse("billing:line-write-down", args=[line.pk]),
        {"how": "off", "amount": "10", "reason": "Why"},
    )
    discount = client.get(reverse("billing:invoice-discount", args=[invoice.pk]))

    assert (write_down.status_code, discount.status_code) == (404, 404)
    assert Invoice.objects.get(pk=invoice.pk).total == Decimal("750.00")


def test_a_reviewing_attorney_adjusts_their_own_matter(client, attorney, rules):
    attorney.user_permissions.add(Permission.objects.get(codename="review_invoices"))
    matter = MatterFactory(responsible_attorney=ClioUserFactory(remit_user=attorney))
    invoice = draft_with_lines(matter=matter)
    client.force_login(attorney)

    form = client.get(
        reverse("billing:invoice-discount", args=[invoice.pk]), HTTP_HX_REQUEST="true"
    )
    client.post(
        reverse("billing:invoice-discount", args=[invoice.pk]),
        {"how": "amount", "value": "10", "reason": "Why"},
    )

    assert 'name="value"' in form.content.decode()
    assert Invoice.objects.get(pk=invoice.pk).total == Decimal("740.00")
