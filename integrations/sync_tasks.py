"""Celery tasks for the sync engine: thin wrappers over ``integrations/clio/sync.py`` and
``integrations/lawpay/sweep.py``.

Names start with ``integrations.clio.`` / ``integrations.lawpay.`` so ``CELERY_TASK_ROUTES``
puts them on the provider's queue. Every task is safe to run twice or concurrently: the
services compare versions and the database deduplicates.
"""

from __future__ import annotations

from celery import shared_task

from integrations.clio.sync import clio_backfill_needed, clio_backfill_run, clio_sweep_run
from integrations.lawpay.sweep import lawpay_events_sweep_run

BACKFILL_TASK = "integrations.clio.backfill"
CLIO_SWEEP_TASK = "integrations.clio.sweep"
LAWPAY_SWEEP_TASK = "integrations.lawpay.events_sweep"


# At 45 calls a minute a large firm's backfill takes longer than the default 300 s limit; if it
# is killed anyway, the next run resumes from the stored cursor.
@shared_task(name=BACKFILL_TASK, acks_late=True, time_limit=3 * 3600, soft_time_limit=3 * 3600 - 60)
def clio_backfill() -> list[dict]:
    return [vars(progress) for progress in clio_backfill_run()]


@shared_task(name=CLIO_SWEEP_TASK, acks_late=True)
def clio_sweep() -> list[dict]:
    # The first sweep after connecting (or after a backfill died) starts the backfill, so no
    # record is left to webhooks alone; resources still backfilling are skipped meanwhile.
    if clio_backfill_needed():
        clio_backfill.delay()
    return [vars(result) for result in clio_sweep_run()]


@shared_task(name=LAWPAY_SWEEP_TASK, acks_late=True)
def lawpay_events_sweep() -> dict:
    return vars(lawpay_events_sweep_run())
