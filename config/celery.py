import logging
import os

from celery import Celery
from celery.signals import task_failure, task_prerun, task_success

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

logger = logging.getLogger(__name__)

app = Celery("remit")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each app keeps its tasks in ``tasks.py`` (billing a second module beside it, by topic); the
# integrations app keeps one per part (inbound, outbox, Clio, LawPay).
app.autodiscover_tasks(related_name="tasks")
app.autodiscover_tasks(related_name="payment_tasks")
app.autodiscover_tasks(
    ["integrations.inbound", "integrations.outbox", "integrations.clio", "integrations.lawpay"]
)


# Every periodic task's last start, success and failure, for the integration health page: a
# task failing every minute used to show only in a worker log nobody read.
@task_prerun.connect
def _task_started(sender=None, kwargs=None, **_):
    _task_run_record(sender, kwargs, "started")


@task_success.connect
def _task_succeeded(sender=None, **_):
    _task_run_record(sender, None, "succeeded")


@task_failure.connect
def _task_failed(sender=None, kwargs=None, exception=None, **_):
    _task_run_record(sender, kwargs, "failed", exception)


def _task_run_record(task, kwargs, outcome, error=None) -> None:
    try:
        # Imported here: this module loads before Django's apps are ready.
        from integrations.health import periodic_task_run_record

        request = task.request
        periodic_task_run_record(
            task=task.name,
            kwargs=kwargs if kwargs is not None else request.kwargs,
            request=request,
            outcome=outcome,
            error=error,
        )
    except Exception:  # the task's outcome must never depend on its health record
        logger.warning("could not record a task run", exc_info=True)
