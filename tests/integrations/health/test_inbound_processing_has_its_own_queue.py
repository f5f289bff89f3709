"""Inbound processing (webhook hand-offs and the sweeps that retry them) runs on a queue that no
outbound work uses, and `make run` has a worker for it that takes no outbound work either."""

import importlib

import pytest
from django.apps import apps as django_apps
from django_celery_beat.models import PeriodicTask

from config import run
from config.celery import app
from config.schedules import PERIODIC_TASKS
from integrations.inbound import tasks
from integrations.outbox import registry
from integrations.outbox.queue import outbox_queue_for

INBOUND_TASKS = {"integrations.inbound_event_process", "integrations.inbound_events_sweep"}


def routed_queue(task_name: str) -> str:
    return app.amqp.router.route({}, task_name)["queue"].name


def make_run_workers() -> dict[str, list[str]]:
    workers = {}
    for child in run.children(8000, 8001, 8002):
        if child.argv[3:4] == ["worker"]:
            argv = child.argv
            workers[child.name] = {
                "queues": argv[argv.index("--queues") + 1].split(","),
                "concurrency": int(argv[argv.index("--concurrency") + 1]),
            }
    return workers


def test_the_inbound_tasks_are_routed_to_the_inbound_queue():
    assert {routed_queue(name) for name in INBOUND_TASKS} == {"inbound"}


@pytest.mark.parametrize("source", ["clio", "lawpay"])
def test_a_webhook_hand_off_goes_to_the_inbound_queue(source, monkeypatch):
    sent = []
    monkeypatch.setattr(
        tasks.inbound_event_process, "apply_async", lambda **options: sent.append(options)
    )

    tasks.inbound_event_enqueue(event_id=7, source=source)

    assert sent == [{"args": [7], "queue": "inbound"}]


def test_no_outbound_work_goes_to_the_inbound_queue():
    app.loader.import_default_modules()  # every task module, as a worker loads them
    outbound = [name for name in app.tasks if name not in INBOUND_TASKS]
    scheduled = {
        queue for task, _, queue, *_ in PERIODIC_TASKS.values() if task not in INBOUND_TASKS
    }
    handoffs = {outbox_queue_for(kind) for kind in registry._HANDLERS}

    assert {"integrations.outbox_message_deliver", "integrations.clio.sweep"} <= set(outbound)
    assert "clio" in handoffs
    assert "inbound" not in {routed_queue(name) for name in outbound}
    assert "inbound" not in scheduled | handoffs
    assert {queue for task, _, queue, *_ in PERIODIC_TASKS.values() if task in INBOUND_TASKS} == {
        "inbound"
    }


def test_make_run_has_a_worker_for_inbound_that_takes_no_outbound_work():
    workers = make_run_workers()

    inbound = [name for name, worker in workers.items() if "inbound" in worker["queues"]]
    assert len(inbound) == 1
    assert workers[inbound[0]]["queues"] == ["inbound"]
    consumed = {queue for worker in workers.values() for queue in worker["queues"]}
    assert consumed >= {"default", "clio", "lawpay", "inbound"}


def test_the_clio_queue_keeps_its_single_process_for_the_in_memory_limiter():
    workers = make_run_workers()

    clio = [worker for worker in workers.values() if "clio" in worker["queues"]]
    assert clio == [{"queues": ["clio"], "concurrency": 1}]


def test_existing_sweeps_move_to_the_inbound_queue_unless_an_admin_chose_another(db):
    PeriodicTask.objects.filter(name="Inbound events sweep (Clio)").update(queue="clio")
    PeriodicTask.objects.filter(name="Inbound events sweep (LawPay)").update(queue="priority")
    migration = importlib.import_module("integrations.migrations.0007_periodic_task_health")

    migration.inbound_sweeps_to_inbound_queue(django_apps, None)

    queues = dict(
        PeriodicTask.objects.filter(name__startswith="Inbound events sweep").values_list(
            "name", "queue"
        )
    )
    assert queues == {
        "Inbound events sweep (Clio)": "inbound",
        "Inbound events sweep (LawPay)": "priority",
    }
