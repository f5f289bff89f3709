from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from billing.services.drafts import matter_billing_evaluate
from tests.billing.factories import ActivityFactory, MatterFactory


def test_an_entry_changed_five_minutes_ago_does_not_count_yet(clock, rules):
    matter = MatterFactory()
    ActivityFactory(matter=matter, hours=Decimal("1.0"), price=Decimal("300.00"))
    ActivityFactory(
        matter=matter,
        hours=Decimal("1.0"),
        price=Decimal("300.00"),
        content_changed_at=timezone.now() - timedelta(minutes=5),
    )

    assert matter_billing_evaluate(matter=matter, now=timezone.now()) is None

    clock.shift(timedelta(minutes=10))
    invoice = matter_billing_evaluate(matter=matter, now=timezone.now())
    assert invoice.total == Decimal("600.00")
