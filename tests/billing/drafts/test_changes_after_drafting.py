from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from billing.models import AttentionItem, Invoice, Matter
from billing.services.draft_changes import activity_changed, matter_changed
from billing.services.drafts import matter_billing_evaluate
from billing.services.evaluation import billing_evaluate_due
from billing.services.review import invoice_approve
from tests.billing.factories import ActivityFactory, MatterFactory, matter_make_sendable


def clio_edit(activity, **values):
    for name, value in values.items():
        setattr(activity, name, value)
    activity.content_changed_at = timezone.now()
    activity.save()


def drafted(matter):
    first = ActivityFactory(matter=matter, hours=Decimal("1.0"), price=Decimal("300.00"))
    second = ActivityFactory(matter=matter, hours=Decimal("1.0"), price=Decimal("300.00"))
    return matter_billing_evaluate(matter=matter, now=timezone.now()), first, second


def test_an_entry_edited_in_clio_updates_the_draft(clock, rules):
    invoice, first, _ = drafted(MatterFactory())

    clio_edit(first, total=Decimal("450.00"), rounded_quantity_seconds=Decimal(5400))
    activity_changed(activity=first)

    invoice.refresh_from_db()
    line = invoice.lines.get(activity=first)
    assert (line.amount, line.hours) == (Decimal("450.00"), Decimal("1.50"))
    assert invoice.total == Decimal("750.00")


def test_an_entry_deleted_in_clio_leaves_the_draft(clock, rules):
    invoice, first, _ = drafted(MatterFactory())

    first.deleted_at = timezone.now()
    first.save()
    activity_changed(activity=first)

    invoice.refresh_from_db()
    assert invoice.total == Decimal("300.00")
    assert not invoice.lines.get(activity=first).live


def test_the_periodic_pass_notices_changes_nobody_reported(clock, rules):
    invoice, first, _ = drafted(MatterFactory())

    clio_edit(first, non_billable=True)
    billing_evaluate_due(now=timezone.now())

    invoice.refresh_from_db()
    assert invoice.total == Decimal("300.00")


def test_an_entry_changed_after_approval_is_flagged_and_the_invoice_is_not_altered(
    clock, rules, billing_clerk, monkeypatch
):
    monkeypatch.setattr("billing.services.delivery.invoice_delivery_start", lambda **kw: None)
    matter = MatterFactory()
    matter_make_sendable(matter)
    invoice, first, _ = drafted(matter)
    invoice_approve(invoice=invoice, user=billing_clerk)

    clio_edit(first, total=Decimal("999.00"))
    activity_changed(activity=first)
    activity_changed(activity=first)

    invoice.refresh_from_db()
    line = invoice.lines.get(activity=first)
    assert invoice.total == Decimal("600.00")
    assert (line.amount, line.changed_after_invoicing) == (Decimal("300.00"), True)
    item = AttentionItem.objects.get()
    assert (item.invoice, item.reason) == (invoice, AttentionItem.Reason.CHANGED_AFTER_INVOICING)


def test_a_matter_closed_while_its_draft_waits_puts_the_draft_on_hold(clock, rules):
    matter = MatterFactory()
    invoice, _, _ = drafted(matter)

    matter.status = Matter.Status.CLOSED
    matter.save()
    matter_changed(matter=matter)

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ON_HOLD
    assert "closed" in invoice.hold_reason
    assert AttentionItem.objects.get().reason == AttentionItem.Reason.MATTER_CLOSED


def test_a_draft_whose_entries_all_left_goes_on_hold_at_zero(clock, rules):
    invoice, first, second = drafted(MatterFactory())

    for activity in (first, second):
        clio_edit(activity, no_charge=True)
    clock.shift(timedelta(minutes=1))
    billing_evaluate_due(now=timezone.now())

    invoice.refresh_from_db()
    assert (invoice.status, invoice.total) == (Invoice.Status.ON_HOLD, Decimal("0.00"))
    assert AttentionItem.objects.get().reason == AttentionItem.Reason.ZERO_AMOUNT
