"""Celery tasks for Clio: webhook upkeep, the backfill and the sweep; thin wrappers.

Names start with ``integrations.clio.`` so ``CELERY_TASK_ROUTES`` puts them on Clio's queue.
Every task is safe to run twice or concurrently: the services compare versions and the
database deduplicates.
"""

from __future__ import annotations

from celery import shared_task
from django.db import transaction

from integrations.clio import subscriptions
from integrations.clio.sync.backfill import clio_backfill_needed, clio_backfill_run
from integrations.clio.sync.sweep import clio_sweep_run

BACKFILL_TASK = "integrations.clio.backfill"
CLIO_SWEEP_TASK = "integrations.clio.sweep"


@shared_task(name="integrations.clio.webhooks_upkeep")
def clio_webhooks_upkeep() -> dict:
    report = subscriptions.clio_webhooks_ensure()
    return vars(report)


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


def clio_connected_sync_start() -> None:
    """After a new grant: subscribe to Clio's changes and copy the firm, once it commits.

    Both are idempotent and also run by the periodic upkeep and sweep, so a lost hand-off
    only delays them.
    """
    transaction.on_commit(clio_webhooks_upkeep.delay)
    transaction.on_commit(clio_backfill.delay)
