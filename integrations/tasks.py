"""Celery tasks of the integrations app that belong to no one provider: the sandbox check.

A run sent from the connections page carries the ``periodic_task_name`` header, so Celery's
signals (``config/celery.py``) record its start, success and failure like a periodic task's: a
failed check shows on the integration health page until one passes.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import transaction

from integrations.models import SandboxCheckRun
from integrations.sandbox_check.checks import sandbox_check_execute
from integrations.sandbox_check.records import PASS, sandbox_check_create

SANDBOX_CHECK_TASK = "integrations.sandbox_check"
SANDBOX_CHECK_HEALTH_NAME = "Sandbox check"


class SandboxCheckFailed(Exception):
    """The check ran and a check did not pass (the task fails, so the health page says so)."""


@shared_task(name=SANDBOX_CHECK_TASK)
def sandbox_check(*, run_id: int, user_id: int | None = None) -> dict[str, Any]:
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    run = sandbox_check_execute(run_id=run_id, user=user)
    if not run.passed:
        failed = "; ".join(
            f"({result['key']}) {result['reason']}"
            for result in run.results
            if result["status"] != PASS
        )
        raise SandboxCheckFailed(f"Sandbox check #{run.pk} failed: {failed}")
    return {"run_id": run.pk, "passed": run.passed}


def sandbox_check_send(*, run: SandboxCheckRun) -> None:
    sandbox_check.apply_async(
        kwargs={"run_id": run.pk, "user_id": run.started_by_id},
        headers={"periodic_task_name": SANDBOX_CHECK_HEALTH_NAME},
    )


def sandbox_check_request(*, user: Any) -> SandboxCheckRun:
    """A run of the check in the background, sent to a worker once the run is committed."""
    with transaction.atomic():
        run = sandbox_check_create(user=user, origin="page")
        transaction.on_commit(lambda: sandbox_check_send(run=run))
    return run
