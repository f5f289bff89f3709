"""A matter closed in Clio with approved, uninvoiced time gets a final draft (PRODUCT.md §3.1),
held for review like any draft; its regular waiting draft stays on hold."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from billing.models import Invoice, Matter
from billing.services.draft_changes import matter_changed
from billing.services.drafts import matter_billing_evaluate
from billing.services.evaluation import billing_dry_run, billing_evaluate_due
from integrations.models import OutboxMessage
from tests.billing.factories import ActivityFactory, MatterFactory


def close(matter, *, on=date(2026, 11, 18)):
    matter.status = Matter.Status.CLOSED
    matter.close_date = on
    matter.save()


def test_closing_a_matter_with_time_below_the_threshold_drafts_it_at_once(clock, rules):
    matter = MatterFactory()
    ActivityFactory(matter=matter, hours=Decimal("1.0"), price=Decimal("300.00"))
    assert matter_billing_evaluate(matter=matter, now=timezone.now()) is None

    close(matter)
    matter_changed(matter=matter)

    invoice = Invoice.objects.get(matter=matter)
    assert (invoice.status, invoice.trigger) == (
        Invoice.Status.DRAFT,
        Invoice.Trigger.MATTER_CLOSED,
    )
    assert invoice.get_trigger_display() == "Matter closed"
    assert (invoice.period_key, invoice.total) == ("matter_closed:2026-11-18", Decimal("300.00"))
    assert invoice.number is None
    note = OutboxMessage.objects.get(kind="clio.note.create")
    assert "matter closed" in note.payload["detail"]


def test_the_every_minute_evaluation_drafts_a_closing_the_sync_hook_missed(clock, rules):
    matter = MatterFactory()
    ActivityFactory(matter=matter, hours=Decimal("0.5"), price=Decimal("300.00"))
    close(matter)

    summary = billing_evaluate_due(now=timezone.now())

    assert summary.drafts_created == 1
    assert Invoice.objects.get(matter=matter).total == Decimal("150.00")


def test_time_at_the_threshold_on_a_matter_closed_before_any_evaluation_goes_on_the_final_draft(
    clock, rules
):
    matter = MatterFactory()
    ActivityFactory(matter=matter, hours=Decimal("2.0"), price=Decimal("300.00"))
    close(matter)

    billing_evaluate_due(now=timezone.now())

    invoice = Invoice.objects.get(matter=matter)
    assert (invoice.trigger, invoice.total) == (Invoice.Trigger.MATTER_CLOSED, Decimal("600.00"))


def test_the_final_draft_waits_until_the_last_entry_is_stable(clock, rules):
    matter = MatterFactory()
    ActivityFactory(matter=matter, hours=Decimal("1.0"))
    ActivityFactory(matter=matter, hours=Decimal("0.2"), content_changed_at=timezone.now())
    close(matter)

    matter_changed(matter=matter)
    clock.shift(timedelta(minutes=14))
    billing_evaluate_due(now=timezone.now())
    assert not Invoice.objects.exists()

    clock.shift(timedelta(minutes=1))
    billing_evaluate_due(now=timezone.now())
    assert Invoice.objects.get(matter=matter).total == Decimal("360.00")


def test_a_waiting_regular_draft_stays_on_hold_and_the_final_draft_takes_the_rest(clock, rules):
    matter = MatterFactory()
    ActivityFactory(matter=matter, hours=Decimal("2.0"))
    regular = matter_billing_evaluate(matter=matter, now=timezone.now())
    ActivityFactory(matter=matter, hours=Decimal("0.5"))

    close(matter)
    matter_changed(matter=matter)

    regular.refresh_from_db()
    assert regular.status == Invoice.Status.ON_HOLD
    final = Invoice.objects.get(trigger=Invoice.Trigger.MATTER_CLOSED)
    assert (final.status, final.total) == (Invoice.Status.DRAFT, Decimal("150.00"))
    assert not final.lines.filter(activity__invoice_lines__invoice=regular).exists()


def test_a_matter_closed_with_all_its_time_on_a_draft_gets_no_final_draft(clock, rules):
    matter = MatterFactory()
    ActivityFactory(matter=matter, hours=Decimal("2.0"))
    matter_billing_evaluate(matter=matter, now=timezone.now())

    close(matter)
    matter_changed(matter=matter)
    billing_evaluate_due(now=timezone.now())

    assert list(Invoice.objects.values_list("trigger", flat=True)) == [Invoice.Trigger.THRESHOLD]


def test_no_final_draft_without_billable_time_for_a_flat_fee_or_an_old_or_undated_closing(
    clock, rules
):
    rules.billing_methods = [Matter.BillingMethod.HOURLY, Matter.BillingMethod.FLAT]
    rules.save()
    unbillable = MatterFactory()
    ActivityFactory(matter=unbillable, non_billable=True)
    flat = MatterFactory(billing_method=Matter.BillingMethod.FLAT)
    ActivityFactory(matter=flat)
    old = MatterFactory()
    ActivityFactory(matter=old, date=date(2026, 9, 1))
    undated = MatterFactory(status=Matter.Status.CLOSED, close_date=None)
    ActivityFactory(matter=undated)
    for matter in (unbillable, flat):
        close(matter)
    # Closed long before Remit looked, or with no date (the firm's history): not billed after
    # the fact.
    close(old, on=date(2026, 11, 10))

    for matter in (unbillable, flat, old, undated):
        matter_changed(matter=matter)
    billing_evaluate_due(now=timezone.now())

    assert not Invoice.objects.exists()


def test_the_dry_run_shows_the_final_draft(clock, rules):
    matter = MatterFactory()
    ActivityFactory(matter=matter, hours=Decimal("1.0"))
    close(matter)

    rows = billing_dry_run(now=timezone.now())

    assert [(row.matter, row.trigger, row.amount) for row in rows] == [
        (matter, "Matter closed", Decimal("300.00"))
    ]
    assert not Invoice.objects.exists()
