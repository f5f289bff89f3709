"""The incremental sweep: updated_since per resource (PRODUCT.md §5), healing missed
webhooks."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from integrations.clio.client import ClioClient
from integrations.clio.connection import clio_client
from integrations.clio.errors import ClioError
from integrations.clio.sync.apply import page_get, records_apply_atomically
from integrations.clio.sync.resources import RESOURCES, SyncResource, first_page_params
from integrations.clio.sync.values import moment_parse
from integrations.models import Source, SyncState

logger = logging.getLogger(__name__)

# Clio's updated_since is inclusive; the overlap also covers records committed in Clio with
# an updated_at slightly before the previous sweep's newest one.
SWEEP_OVERLAP = timedelta(minutes=2)


@dataclass
class SweepResult:
    resource: str
    seen: int = 0
    healed: int = 0
    api_calls: int = 0
    skipped: bool = False
    error: str = ""


def clio_sweep_run(
    *, resources: Iterable[str] | None = None, client: ClioClient | None = None
) -> list[SweepResult]:
    """Ask Clio for what changed since the last sweep and upsert it (PRODUCT.md §5).

    ``healed`` counts records that were missing or older here: what webhooks missed. A resource
    whose backfill never started is skipped (the backfill covers it). Errors are stored on
    ``SyncState.last_error`` and the other resources still run; the first error is re-raised.
    """
    client = client or clio_client()
    results, first_error = [], None
    for name in resources or RESOURCES:
        resource = RESOURCES[name]
        try:
            results.append(_sweep_resource(client, resource))
        except ClioError as exc:
            SyncState.objects.filter(source=Source.CLIO, resource=name).update(
                last_error=str(exc)[:2000]
            )
            logger.warning("clio sweep %s failed: %s", name, exc)
            results.append(SweepResult(resource=name, error=str(exc)))
            first_error = first_error or exc
    if first_error is not None:
        raise first_error
    return results


def _sweep_resource(client: ClioClient, resource: SyncResource) -> SweepResult:
    state, _ = SyncState.objects.get_or_create(source=Source.CLIO, resource=resource.name)
    result = SweepResult(resource=resource.name)
    if state.sweep_since is None:
        result.skipped = True
        logger.info("clio sweep %s: skipped, no backfill yet", resource.name)
        return result
    since = state.sweep_since - SWEEP_OVERLAP
    # The next mark is Clio's own newest updated_at, so a clock difference between Remit and
    # Clio cannot open a gap.
    newest = state.sweep_since
    url: str | None = resource.name
    params: dict | None = first_page_params(resource, updated_since=since.isoformat())
    while url is not None:
        page = page_get(client, resource, url, params)
        url, params = page.next_url, None
        outcomes = records_apply_atomically(resource, page.records)
        result.seen += len(page.records)
        result.healed += sum(1 for outcome in outcomes if outcome.healed)
        result.api_calls += page.api_calls
        for data in page.records:
            moment = moment_parse(data.get("updated_at"))
            if moment is not None and moment > newest:
                newest = moment
    state.refresh_from_db()
    state.last_sweep_at = timezone.now()
    state.sweep_since = newest
    state.last_sweep_healed = result.healed
    state.last_error = ""
    state.save(
        update_fields=[
            "last_sweep_at",
            "sweep_since",
            "last_sweep_healed",
            "last_error",
            "updated_at",
        ]
    )
    logger.info(
        "clio sweep %s: %d changed since %s, %d healed, %d API calls",
        resource.name,
        result.seen,
        since.isoformat(),
        result.healed,
        result.api_calls,
    )
    return result
