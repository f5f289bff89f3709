"""Clio changes the entry of a written-down line: the line follows Clio's amount and the
write-down stays applied, up to the new amount (flagged when it no longer fits)."""

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from billing.models import Invoice, InvoiceAdjustment
from billing.services.adjustments import invoice_discount_set, invoice_line_write_down
from billing.services.draft_changes import activity_changed
from billing.services.drafts import matter_billing_evaluate
from tests.billing.factories import ActivityFactory, MatterFactory, matter_make_sendable


def clio_edit(activity, **values):
    for name, value in values.items():
        setattr(activity, name, value)
    activity.content_changed_at = timezone.now()
    activity.save()


def drafted():
    matter = matter_make_sendable(MatterFactory())
    first = ActivityFactory(matter=matter, hours=Decimal("1.0"), price=Decimal("300.00"))
    ActivityFactory(matter=matter, hours=Decimal("1.0"), price=Decimal("300.00"))
    invoice = matter_billing_evaluate(matter=matter, now=timezone.now())
    return invoice, invoice.lines.get(activity=first), first


def test_a_raised_entry_keeps_its_write_down(clock, rules, billing_clerk):
    invoice, line, entry = drafted()
    invoice_line_write_down(
        line=line, user=billing_clerk, reason="Courtesy", amount_off=Decimal("100.00")
    )

    clio_edit(entry, total=Decimal("450.00"), rounded_quantity_seconds=Decimal(5400))
    activity_changed(activity=entry)

    line.refresh_from_db()
    assert (line.amount, line.write_down) == (Decimal("450.00"), Decimal("100.00"))
    assert Invoice.objects.get(pk=invoice.pk).total == Decimal("650.00")


def test_an_entry_lowered_below_its_write_down_is_clamped_and_flagged(
    client, clock, rules, billing_clerk
):
    invoice, line, entry = drafted()
    invoice_line_write_down(
        line=line, user=billing_clerk, reason="Courtesy", amount_off=Decimal("250.00")
    )

    clio_edit(entry, total=Decimal("150.00"), rounded_quantity_seconds=Decimal(1800))
    activity_changed(activity=entry)

    line.refresh_from_db()
    assert (line.amount, line.write_down) == (Decimal("150.00"), Decimal("150.00"))
    assert Invoice.objects.get(pk=invoice.pk).total == Decimal("300.00")
    assert InvoiceAdjustment.objects.get(line=line).amount == Decimal("250.00")  # as recorded
    client.force_login(billing_clerk)
    page = client.get(reverse("billing:invoice", args=[invoice.pk])).content.decode()
    assert "Clio changed the line from $300.00 to $150.00 since" in page
    assert "Only $150.00 applies" in page

    clock.shift(timedelta(minutes=1))
    clio_edit(entry, total=Decimal("600.00"), rounded_quantity_seconds=Decimal(7200))
    activity_changed(activity=entry)

    line.refresh_from_db()
    assert line.write_down == Decimal("250.00")  # the recorded write-down applies in full again


def test_a_percentage_discount_follows_the_lines(clock, rules, billing_clerk):
    invoice, _line, entry = drafted()
    invoice_discount_set(invoice=invoice, user=billing_clerk, reason="10%", percent=Decimal(10))

    clio_edit(entry, total=Decimal("900.00"), rounded_quantity_seconds=Decimal(10800))
    activity_changed(activity=entry)

    invoice.refresh_from_db()
    assert (invoice.discount, invoice.total) == (Decimal("120.00"), Decimal("1080.00"))


def test_an_entry_deleted_in_clio_takes_its_write_down_with_it(clock, rules, billing_clerk):
    invoice, line, entry = drafted()
    invoice_line_write_down(
        line=line, user=billing_clerk, reason="Courtesy", amount_off=Decimal("100.00")
    )

    entry.deleted_at = timezone.now()
    entry.save()
    activity_changed(activity=entry)

    assert Invoice.objects.get(pk=invoice.pk).total == Decimal("300.00")


def test_a_total_brought_to_zero_by_a_discount_is_not_held_as_empty(clock, rules, billing_clerk):
    invoice, _line, entry = drafted()
    invoice_discount_set(
        invoice=invoice, user=billing_clerk, reason="Pro bono", percent=Decimal(100)
    )

    clio_edit(entry, total=Decimal("450.00"), rounded_quantity_seconds=Decimal(5400))
    activity_changed(activity=entry)

    invoice.refresh_from_db()
    assert (invoice.total, invoice.status) == (Decimal("0.00"), Invoice.Status.DRAFT)
