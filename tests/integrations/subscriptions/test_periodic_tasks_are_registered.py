"""The sweep, relay and upkeep schedules exist in django-celery-beat, and edits survive."""

import json

import pytest
from django_celery_beat.models import PeriodicTask

from config.schedules import PERIODIC_TASKS
from integrations.health import periodic_tasks_ensure

pytestmark = pytest.mark.django_db


def test_every_schedule_exists_after_migrate():
    tasks = {t.name: t for t in PeriodicTask.objects.filter(name__in=PERIODIC_TASKS)}

    assert set(tasks) == set(PERIODIC_TASKS)
    upkeep = tasks["Clio webhook upkeep"]
    assert (upkeep.task, upkeep.interval.every, upkeep.interval.period) == (
        "integrations.clio.webhooks_upkeep",
        1,
        "hours",
    )
    sweep = tasks["Inbound events sweep (LawPay)"]
    assert (json.loads(sweep.kwargs), sweep.queue) == ({"source": "lawpay"}, "inbound")


def test_an_admins_change_is_not_undone_by_the_next_migrate():
    PeriodicTask.objects.filter(name="Outbox relay (Clio)").update(enabled=False)

    periodic_tasks_ensure()

    assert not PeriodicTask.objects.get(name="Outbox relay (Clio)").enabled


def test_rejected_inbound_events_are_purged_daily():
    purge = PeriodicTask.objects.get(name="Rejected inbound events purge")

    assert (purge.task, purge.interval.every, purge.interval.period, purge.queue) == (
        "integrations.inbound_events_rejected_purge",
        1,
        "days",
        "default",
    )
