from decimal import Decimal

from django.utils import timezone

from billing.models import Activity
from billing.services.drafts import matter_billing_evaluate
from tests.billing.factories import ActivityFactory, MatterFactory


def test_a_line_shows_hours_and_rate_beside_clio_total(clock, rules):
    matter = MatterFactory()
    ActivityFactory(matter=matter, hours=Decimal("1.7"), price=Decimal("350.00"))

    line = matter_billing_evaluate(matter=matter, now=timezone.now()).lines.get()

    assert line.hours == Decimal("1.70")
    assert line.rate == Decimal("350.00")
    assert line.amount == Decimal("595.00")
    assert line.timekeeper == matter.responsible_attorney.name
    assert line.amount_mismatch is False


def test_a_total_that_disagrees_with_hours_times_rate_is_kept_and_flagged(clock, rules):
    matter = MatterFactory()
    ActivityFactory(
        matter=matter, hours=Decimal("2.0"), price=Decimal("300.00"), total=Decimal("550.00")
    )

    invoice = matter_billing_evaluate(matter=matter, now=timezone.now())

    line = invoice.lines.get()
    assert line.amount == Decimal("550.00")
    assert line.amount_mismatch is True
    assert invoice.total == Decimal("550.00")


def test_the_total_is_the_sum_of_line_amounts_never_re_rounded(clock, rules):
    matter = MatterFactory()
    for total in ("166.67", "166.67", "166.67"):
        ActivityFactory(
            matter=matter, hours=Decimal("0.5"), price=Decimal("333.33"), total=Decimal(total)
        )

    invoice = matter_billing_evaluate(matter=matter, now=timezone.now())

    assert invoice.total == Decimal("500.01")


def test_an_expense_line_uses_its_total_and_no_hours(clock, rules):
    matter = MatterFactory()
    ActivityFactory(
        matter=matter,
        type=Activity.Type.EXPENSE,
        quantity_seconds=Decimal("1"),
        rounded_quantity_seconds=Decimal("1"),
        price=Decimal("435.00"),
        total=Decimal("435.00"),
    )
    ActivityFactory(matter=matter, hours=Decimal("0.3"), price=Decimal("300.00"))

    invoice = matter_billing_evaluate(matter=matter, now=timezone.now())

    expense = invoice.lines.get(activity__type=Activity.Type.EXPENSE)
    assert (expense.hours, expense.amount, expense.amount_mismatch) == (
        Decimal("0.00"),
        Decimal("435.00"),
        False,
    )
    assert invoice.total == Decimal("525.00")
