"""Handing Clio's records to billing's mirror service: a batch in one transaction (retried once
when a concurrent writer created a row first), the references it needs, an index page with its
references, and one record at a time (the webhooks' path)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from billing.services.mirror import (
    MirrorModel,
    MirrorOutcome,
    MirrorRow,
    mirror_row_delete,
    mirror_rows_apply,
)
from integrations.clio.client import ClioClient
from integrations.clio.connection import clio_client
from integrations.clio.errors import NotFound
from integrations.clio.sync.resources import RESOURCES, SyncResource, sync_resource_for_model
from integrations.clio.sync.values import ref_id

# What applying a record did (billing owns the mirror and its rules).
Outcome = MirrorOutcome


def _records_apply(resource: SyncResource, records: list[dict]) -> list[Outcome]:
    """Hand a batch to billing's mirror. Call inside a transaction.

    References must already be local (``refs_ensure``); one that is not stays empty.
    """
    rows = [
        MirrorRow(
            values=resource.values(data),
            refs={fk: ref_id(data.get(fk)) for fk in resource.refs},
        )
        for data in records
    ]
    ref_models: dict[str, MirrorModel] = {
        fk: RESOURCES[target].mirror for fk, target in resource.refs.items()
    }
    return mirror_rows_apply(model=resource.mirror, rows=rows, ref_models=ref_models)


def _mark_deleted(resource: SyncResource, clio_id: int) -> Outcome:
    return mirror_row_delete(model=resource.mirror, clio_id=clio_id)


def records_apply_atomically(
    resource: SyncResource,
    records: list[dict],
    after: Callable[[list[Outcome]], None] | None = None,
) -> list[Outcome]:
    """Apply a batch in one transaction; ``after(outcomes)`` runs in it (to store progress)."""
    # Two writers creating the same new record: the loser's insert hits the unique clio_id,
    # and on the second try it sees the winner's row and compares versions instead.
    for attempt in range(2):
        try:
            with transaction.atomic():
                outcomes = _records_apply(resource, records)
                if after is not None:
                    after(outcomes)
                return outcomes
        except IntegrityError:
            if attempt == 1:
                raise
    raise AssertionError("unreachable")


@dataclass
class CallCounter:
    calls: int = 0


def _record_fetch(client: ClioClient, resource: SyncResource, clio_id: int) -> dict | None:
    try:
        return client.get(f"{resource.name}/{int(clio_id)}", fields=resource.fields).data
    except NotFound:
        return None


def refs_ensure(
    client: ClioClient, resource: SyncResource, records: Iterable[dict], counter: CallCounter
) -> None:
    """Fetch referenced records Remit has not seen yet (e.g. a matter created after the sweep
    passed matters). Costs nothing when they are local, which backfill order guarantees."""
    for fk, target_name in resource.refs.items():
        target = RESOURCES[target_name]
        wanted = {ref for data in records if (ref := ref_id(data.get(fk))) is not None}
        if not wanted:
            continue
        local = set(
            target.mirror.objects.filter(clio_id__in=wanted).values_list("clio_id", flat=True)
        )
        for clio_id in sorted(wanted - local):
            counter.calls += 1
            data = _record_fetch(client, target, clio_id)
            if data is not None:
                refs_ensure(client, target, [data], counter)
                records_apply_atomically(target, [data])


@dataclass
class Page:
    records: list[dict]
    next_url: str | None  # None: the last page
    total: int | None  # the emulator sends it; real Clio's is UNVERIFIED (§9)
    api_calls: int  # the page's and its references'


def page_fetch(client: ClioClient, url: str, params: dict | None) -> dict:
    """One index page: one API call. (Tests patch this to simulate a crash mid-backfill.)"""
    body = client.request("GET", url, params=params).json()
    return body if isinstance(body, dict) else {}


def page_get(client: ClioClient, resource: SyncResource, url: str, params: dict | None) -> Page:
    """One index page, the references its records point at mirrored first (``refs_ensure``)."""
    counter = CallCounter(calls=1)
    body = page_fetch(client, url, params)
    meta = body.get("meta") or {}
    records = [r for r in body.get("data") or [] if isinstance(r, dict)]
    refs_ensure(client, resource, records, counter)
    return Page(
        records=records,
        next_url=(meta.get("paging") or {}).get("next") or None,
        total=meta.get("records"),
        api_calls=counter.calls,
    )


# -- one record ----------------------------------------------------------------------------------


def clio_record_sync(*, model: str, clio_id: int, deleted: bool = False) -> None:
    """Re-fetch one Clio record with the fields Remit needs and upsert its mirror (and, for a
    matter, its mapping). A 404 from Clio, or ``deleted=True``, marks it deleted.

    Idempotent and safe out of order: an older copy never overwrites a newer one.
    """
    clio_record_sync_outcome(model=model, clio_id=clio_id, deleted=deleted)


def clio_record_upsert(*, model: str, data: dict, client: ClioClient | None = None) -> Outcome:
    """Upsert one record already fetched from Clio (with ``fields_needed``'s fields).

    References Remit has not seen are fetched with ``client`` when one is given, otherwise
    left empty. Same version rules as ``clio_record_sync``.
    """
    resource = sync_resource_for_model(model)
    if client is not None:
        refs_ensure(client, resource, [data], CallCounter())
    return records_apply_atomically(resource, [data])[0]


def clio_record_sync_outcome(
    *, model: str, clio_id: int, deleted: bool = False, client: ClioClient | None = None
) -> Outcome:
    resource = sync_resource_for_model(model)
    if deleted:
        return _mark_deleted(resource, clio_id)
    client = client or clio_client()
    data = _record_fetch(client, resource, clio_id)
    if data is None:
        return _mark_deleted(resource, clio_id)
    return clio_record_upsert(model=model, data=data, client=client)
