from datetime import UTC, date, datetime
from decimal import Decimal

import time_machine
from django.utils import timezone

from billing.models import Invoice
from billing.services.drafts import matter_billing_evaluate
from billing.services.rules import billing_rules_update
from tests.billing.factories import ActivityFactory, MatterFactory


def test_the_billing_date_drafts_last_months_entries_below_the_threshold(clock, rules):
    matter = MatterFactory()
    october = ActivityFactory(matter=matter, date=date(2026, 10, 30), price=Decimal("120.00"))
    ActivityFactory(matter=matter, date=date(2026, 11, 2), price=Decimal("80.00"))

    invoice = matter_billing_evaluate(matter=matter, now=timezone.now())

    assert invoice.trigger == Invoice.Trigger.CALENDAR
    assert invoice.period_key == "2026-10"
    assert invoice.period_end == date(2026, 10, 31)
    assert [line.activity for line in invoice.lines.all()] == [october]
    assert invoice.total == Decimal("120.00")


def test_a_period_is_drafted_once(clock, rules):
    matter = MatterFactory()
    ActivityFactory(matter=matter, date=date(2026, 10, 30), price=Decimal("120.00"))
    matter_billing_evaluate(matter=matter, now=timezone.now())
    ActivityFactory(matter=matter, date=date(2026, 10, 31), price=Decimal("90.00"))

    assert matter_billing_evaluate(matter=matter, now=timezone.now()) is None


def test_the_billing_date_is_the_firms_calendar_day_not_utcs(db):
    billing_rules_update(changes={"calendar_day_of_month": 1})
    matter = MatterFactory()
    ActivityFactory(
        matter=matter,
        date=date(2026, 11, 20),
        price=Decimal("120.00"),
        content_changed_at=datetime(2026, 11, 20, 15, tzinfo=UTC),
    )

    # 03:00 UTC on 1 December is still 30 November, 22:00, in New York.
    with time_machine.travel(datetime(2026, 12, 1, 3, 0, tzinfo=UTC), tick=False):
        assert matter_billing_evaluate(matter=matter, now=timezone.now()) is None

    # 05:30 UTC is 00:30 on 1 December in New York: November's billing date has arrived.
    with time_machine.travel(datetime(2026, 12, 1, 5, 30, tzinfo=UTC), tick=False):
        invoice = matter_billing_evaluate(matter=matter, now=timezone.now())
    assert invoice.period_key == "2026-11"


def test_a_later_day_of_month_waits_for_that_day(db):
    billing_rules_update(changes={"calendar_day_of_month": 20})
    matter = MatterFactory()
    ActivityFactory(
        matter=matter,
        date=date(2026, 10, 15),
        price=Decimal("120.00"),
        content_changed_at=datetime(2026, 10, 15, tzinfo=UTC),
    )
    # 18 November: the latest billing date that arrived is 20 October, for September.
    with time_machine.travel(datetime(2026, 11, 18, 15, tzinfo=UTC), tick=False):
        assert matter_billing_evaluate(matter=matter, now=timezone.now()) is None
    with time_machine.travel(datetime(2026, 11, 20, 15, tzinfo=UTC), tick=False):
        assert matter_billing_evaluate(matter=matter, now=timezone.now()).period_key == "2026-10"


def test_turning_the_calendar_rule_off_leaves_only_the_threshold(clock, db):
    billing_rules_update(changes={"calendar_day_of_month": None})
    matter = MatterFactory()
    ActivityFactory(matter=matter, date=date(2026, 10, 30), price=Decimal("120.00"))

    assert matter_billing_evaluate(matter=matter, now=timezone.now()) is None
