from datetime import date
from decimal import Decimal

from django_celery_beat.models import PeriodicTask

from billing.models import Invoice
from billing.tasks import billing_evaluate
from tests.billing.factories import ActivityFactory, MatterFactory


def test_the_evaluation_is_scheduled_every_minute_and_editable(db):
    task = PeriodicTask.objects.get(task="billing.tasks.billing_evaluate")

    assert task.enabled
    assert (task.interval.every, task.interval.period) == (1, "minutes")


def test_the_periodic_pass_drafts_every_due_matter_once(clock, rules):
    over = MatterFactory()
    ActivityFactory(matter=over, hours=Decimal("2.0"))
    calendar = MatterFactory()
    ActivityFactory(matter=calendar, date=date(2026, 10, 5), hours=Decimal("0.2"))
    under = MatterFactory()
    ActivityFactory(matter=under, hours=Decimal("0.2"))

    first = billing_evaluate()
    second = billing_evaluate()

    assert first["drafts_created"] == 2
    assert second["drafts_created"] == 0
    assert set(Invoice.objects.values_list("matter", "trigger")) == {
        (over.pk, Invoice.Trigger.THRESHOLD),
        (calendar.pk, Invoice.Trigger.CALENDAR),
    }
