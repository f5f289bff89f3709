"""Celery tasks for LawPay: the events sweep (a thin wrapper, safe to run twice).

The name starts with ``integrations.lawpay.`` so ``CELERY_TASK_ROUTES`` puts it on LawPay's
queue.
"""

from __future__ import annotations

from celery import shared_task

from integrations.lawpay.sweep import lawpay_events_sweep_run

LAWPAY_SWEEP_TASK = "integrations.lawpay.events_sweep"


@shared_task(name=LAWPAY_SWEEP_TASK, acks_late=True)
def lawpay_events_sweep() -> dict:
    return vars(lawpay_events_sweep_run())
