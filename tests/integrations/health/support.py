"""Run schedule entries the way beat sends them, and read the health page's task rows."""

from __future__ import annotations

from celery.result import EagerResult
from django.http import HttpResponse
from django.urls import reverse

import billing.tasks  # noqa: F401 - registers the tasks the schedules name
from config.celery import app
from config.schedules import PERIODIC_TASKS
from integrations.clio import tasks as clio_tasks  # noqa: F401
from integrations.inbound import tasks as inbound_tasks  # noqa: F401
from integrations.lawpay import tasks as lawpay_tasks  # noqa: F401
from integrations.outbox import tasks as outbox_tasks  # noqa: F401

BILLING = "Billing: draft invoices that are due"


def run_entry(name: str) -> EagerResult:
    """Run one schedule entry in-process with the header django-celery-beat sends."""
    task, kwargs, *_ = PERIODIC_TASKS[name]
    return app.tasks[task].apply(kwargs=kwargs, headers={"periodic_task_name": name})


def task_rows(client) -> tuple[dict, HttpResponse]:
    page = client.get(reverse("integrations:health"))
    return {row.name: row for row in page.context["health"].periodic_tasks}, page
