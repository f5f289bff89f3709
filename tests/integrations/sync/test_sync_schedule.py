"""The sweeps are beat schedules an admin can edit; the tasks are registered under them."""

from django_celery_beat.models import PeriodicTask

from config.celery import app
from integrations.clio import tasks as clio_tasks
from integrations.lawpay import tasks as lawpay_tasks


def test_both_sweeps_run_every_ten_minutes_by_default(db):
    tasks = {t.task: t for t in PeriodicTask.objects.filter(task__in=[
        clio_tasks.CLIO_SWEEP_TASK, lawpay_tasks.LAWPAY_SWEEP_TASK
    ])}  # fmt: skip

    assert set(tasks) == {clio_tasks.CLIO_SWEEP_TASK, lawpay_tasks.LAWPAY_SWEEP_TASK}
    for task in tasks.values():
        assert task.enabled
        assert (task.interval.every, task.interval.period) == (10, "minutes")


def test_the_scheduled_names_are_registered_celery_tasks(db):
    for name in (
        clio_tasks.BACKFILL_TASK,
        clio_tasks.CLIO_SWEEP_TASK,
        lawpay_tasks.LAWPAY_SWEEP_TASK,
    ):
        assert name in app.tasks


def test_the_clio_tasks_go_to_the_clio_queue(db):
    route = app.amqp.router.route({}, clio_tasks.CLIO_SWEEP_TASK)
    assert route["queue"].name == "clio"
