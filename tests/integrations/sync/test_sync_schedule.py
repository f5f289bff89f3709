"""The sweeps are beat schedules an admin can edit; the tasks are registered under them."""

from django_celery_beat.models import PeriodicTask

from config.celery import app
from integrations import sync_tasks


def test_both_sweeps_run_every_ten_minutes_by_default(db):
    tasks = {t.task: t for t in PeriodicTask.objects.filter(task__in=[
        sync_tasks.CLIO_SWEEP_TASK, sync_tasks.LAWPAY_SWEEP_TASK
    ])}  # fmt: skip

    assert set(tasks) == {sync_tasks.CLIO_SWEEP_TASK, sync_tasks.LAWPAY_SWEEP_TASK}
    for task in tasks.values():
        assert task.enabled
        assert (task.interval.every, task.interval.period) == (10, "minutes")


def test_the_scheduled_names_are_registered_celery_tasks(db):
    for name in (
        sync_tasks.BACKFILL_TASK,
        sync_tasks.CLIO_SWEEP_TASK,
        sync_tasks.LAWPAY_SWEEP_TASK,
    ):
        assert name in app.tasks


def test_the_clio_tasks_go_to_the_clio_queue(db):
    route = app.amqp.router.route({}, sync_tasks.CLIO_SWEEP_TASK)
    assert route["queue"].name == "clio"
