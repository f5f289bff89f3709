"""One final draft per closing: re-runs and repeated syncs of the closed matter make nothing
new; re-opened and closed again with new time, the matter gets a new one."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from billing.models import Invoice, Matter
from billing.services.draft_changes import matter_changed
from billing.services.evaluation import billing_evaluate_due
from billing.services.review import invoice_reject
from tests.billing.factories import ActivityFactory, MatterFactory


def close(matter, *, on=date(2026, 11, 18)):
    matter.status = Matter.Status.CLOSED
    matter.close_date = on
    matter.save()
    matter_changed(matter=matter)


def finals(matter):
    return list(
        Invoice.objects.filter(matter=matter, trigger=Invoice.Trigger.MATTER_CLOSED)
        .order_by("pk")
        .values_list("period_key", "total")
    )


def test_re_runs_and_a_second_sync_of_the_closed_matter_make_nothing_new(clock, rules):
    matter = MatterFactory()
    ActivityFactory(matter=matter, hours=Decimal("1.0"))
    close(matter)

    matter_changed(matter=matter)
    for _ in range(2):
        clock.shift(timedelta(minutes=1))
        billing_evaluate_due(now=timezone.now())

    assert finals(matter) == [("matter_closed:2026-11-18", Decimal("300.00"))]


def test_time_logged_after_the_final_draft_waits_for_the_next_closing(clock, rules):
    matter = MatterFactory()
    ActivityFactory(matter=matter, hours=Decimal("1.0"))
    close(matter)
    ActivityFactory(matter=matter, hours=Decimal("0.5"))

    matter_changed(matter=matter)
    billing_evaluate_due(now=timezone.now())

    assert finals(matter) == [("matter_closed:2026-11-18", Decimal("300.00"))]


def test_re_opened_and_closed_again_with_new_time_the_matter_gets_a_new_final_draft(clock, rules):
    matter = MatterFactory()
    ActivityFactory(matter=matter, hours=Decimal("1.0"))
    close(matter)

    clock.shift(timedelta(days=2))
    matter.status = Matter.Status.OPEN
    matter.close_date = None
    matter.save()
    matter_changed(matter=matter)
    ActivityFactory(matter=matter, hours=Decimal("0.5"))
    close(matter, on=date(2026, 11, 20))
    billing_evaluate_due(now=timezone.now())

    assert finals(matter) == [
        ("matter_closed:2026-11-18", Decimal("300.00")),
        ("matter_closed:2026-11-20", Decimal("150.00")),
    ]


def test_a_rejected_final_draft_is_not_drafted_again_by_itself(clock, rules):
    matter = MatterFactory()
    ActivityFactory(matter=matter, hours=Decimal("1.0"))
    close(matter)
    invoice_reject(invoice=Invoice.objects.get(matter=matter), user=None, reason="Write off")

    matter_changed(matter=matter)
    clock.shift(timedelta(minutes=1))
    billing_evaluate_due(now=timezone.now())

    assert list(Invoice.objects.values_list("status", flat=True)) == [Invoice.Status.REJECTED]
