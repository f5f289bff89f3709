"""The first-connection backfill: every record, cursor-paged (``order=id(asc)``, ``limit=200``),
the next-page URL stored in ``SyncState.backfill_cursor`` in the same transaction as the page's
rows, so a crash resumes at the page that was not yet stored and the API calls stay at
⌈records/200⌉ per resource."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from integrations.clio.client import MAX_PAGE_SIZE, ClioClient
from integrations.clio.connection import clio_client
from integrations.clio.sync.apply import page_get, records_apply_atomically
from integrations.clio.sync.resources import RESOURCES, SyncResource, first_page_params
from integrations.models import Source, SyncState

logger = logging.getLogger(__name__)

# A running backfill stores its state after every page (seconds apart even when throttled);
# one silent for this long has died and may be started again (it resumes from its cursor).
BACKFILL_STALLED_AFTER = timedelta(minutes=5)


@dataclass
class BackfillProgress:
    resource: str
    records: int
    pages: int
    api_calls: int
    seconds: float
    finished: bool
    total: int | None = None

    @property
    def minimum_calls(self) -> int:
        return max(1, -(-self.records // MAX_PAGE_SIZE))


def clio_backfill_run(
    *,
    resources: Iterable[str] | None = None,
    restart: bool = False,
    client: ClioClient | None = None,
) -> list[BackfillProgress]:
    """Mirror every user, contact, matter and activity (in that order, so references exist).

    Resumes from ``SyncState.backfill_cursor``; a finished resource is skipped unless
    ``restart``. Safe to run while webhooks and sweeps write the same rows.
    """
    client = client or clio_client()
    names = list(resources or RESOURCES)
    return [_backfill_resource(client, RESOURCES[name], restart=restart) for name in names]


def clio_backfill_needed() -> bool:
    """True when some resource was never backfilled, or its backfill died part-way."""
    states = {
        s.resource: s
        for s in SyncState.objects.filter(source=Source.CLIO, resource__in=list(RESOURCES))
    }
    stalled_before = timezone.now() - BACKFILL_STALLED_AFTER
    return any(
        name not in states
        or (states[name].backfill_finished_at is None and states[name].updated_at < stalled_before)
        for name in RESOURCES
    )


def _backfill_resource(
    client: ClioClient, resource: SyncResource, *, restart: bool
) -> BackfillProgress:
    state, _ = SyncState.objects.get_or_create(source=Source.CLIO, resource=resource.name)
    if state.backfill_finished_at and not restart:
        logger.info("clio backfill %s: already finished", resource.name)
        return _progress(state, seconds=0.0, finished=True)
    if not state.backfill_cursor or restart:
        now = timezone.now()
        state.backfill_cursor = ""
        state.backfill_started_at = now
        state.backfill_finished_at = None
        state.records_synced = state.pages_fetched = state.api_calls = 0
        # Whatever changes while the backfill pages is caught by the first sweep.
        state.sweep_since = state.sweep_since or now
        state.save()
        url: str | None
        url, params = resource.name, first_page_params(resource)
    else:
        logger.info("clio backfill %s: resuming after %d pages", resource.name, state.pages_fetched)
        url, params = state.backfill_cursor, None
    started, done_here, total = time.monotonic(), 0, None
    while url is not None:
        page = page_get(client, resource, url, params)
        total = page.total

        def page_done(outcomes, page=page):
            state.backfill_cursor = page.next_url or ""
            state.records_total = page.total
            state.records_synced += len(page.records)
            state.pages_fetched += 1
            state.api_calls += page.api_calls
            state.last_error = ""
            if page.next_url is None:
                state.backfill_finished_at = timezone.now()
            state.save()

        records_apply_atomically(resource, page.records, after=page_done)
        done_here += len(page.records)
        _progress_log(resource.name, state, done_here, total, time.monotonic() - started)
        url, params = page.next_url, None
    return _progress(state, seconds=time.monotonic() - started, finished=True, total=total)


def _progress(
    state: SyncState, *, seconds: float, finished: bool, total: int | None = None
) -> BackfillProgress:
    return BackfillProgress(
        resource=state.resource,
        records=state.records_synced,
        pages=state.pages_fetched,
        api_calls=state.api_calls,
        seconds=seconds,
        finished=finished,
        total=total,
    )


def _progress_log(
    name: str, state: SyncState, done_here: int, total: int | None, seconds: float
) -> None:
    rate = done_here / seconds if seconds > 0 else 0.0
    left = max(0, (total or 0) - state.records_synced)
    eta = f"{left / rate:.0f}s" if total is not None and rate > 0 else "?"
    logger.info(
        "clio backfill %s: %d/%s records, %d pages, %d API calls, %.0f records/s, ETA %s",
        name,
        state.records_synced,
        total if total is not None else "?",
        state.pages_fetched,
        state.api_calls,
        rate,
        eta,
    )
