"""Clio → Remit mirror: upserts, the first-connection backfill and the incremental sweep.

Three ways in, one way to write:

- ``clio_record_sync`` (``apply.py``): one record, re-fetched (webhooks are hints that carry
  only the subscribed fields); called by the inbound-event worker.
- ``clio_backfill_run`` (``backfill.py``): every record, cursor-paged, resumable after a crash.
- ``clio_sweep_run`` (``sweep.py``): ``updated_since`` per resource (PRODUCT.md §5), healing
  missed webhooks.

All three hand billing's mirror service (``billing/services/mirror.py``) rows of mirror values
(``values.py``, per resource in ``resources.py``): an older copy never overwrites a newer one
(Clio's ``updated_at``), so they may run concurrently, twice, or out of order. The rate limit is
the client's concern (one limiter per token, shared by all workers).
"""

from integrations.clio.sync.apply import (
    Outcome,
    clio_record_sync,
    clio_record_sync_outcome,
    clio_record_upsert,
)
from integrations.clio.sync.backfill import (
    BackfillProgress,
    clio_backfill_needed,
    clio_backfill_run,
)
from integrations.clio.sync.resources import RESOURCES, SyncResource, sync_resource_for_model
from integrations.clio.sync.sweep import SweepResult, clio_sweep_run

__all__ = [
    "RESOURCES",
    "BackfillProgress",
    "Outcome",
    "SweepResult",
    "SyncResource",
    "clio_backfill_needed",
    "clio_backfill_run",
    "clio_record_sync",
    "clio_record_sync_outcome",
    "clio_record_upsert",
    "clio_sweep_run",
    "sync_resource_for_model",
]
