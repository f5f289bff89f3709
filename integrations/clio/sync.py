"""Clio → Remit mirror: upserts, the first-connection backfill and the incremental sweep.

Three ways in, one way to write:

- ``clio_record_sync``: one record, re-fetched (webhooks are hints that carry only the
  subscribed fields); called by the inbound-event worker.
- ``clio_backfill_run``: every record, cursor-paged (``order=id(asc)``, ``limit=200``), the
  next-page URL stored in ``SyncState.backfill_cursor`` in the same transaction as the page's
  rows, so a crash resumes at the page that was not yet stored and the API calls stay at
  ⌈records/200⌉ per resource.
- ``clio_sweep_run``: ``updated_since`` per resource (PRODUCT.md §5), healing missed webhooks.

All three hand billing's mirror service (``billing/services/mirror.py``) rows of mirror values:
an older copy never overwrites a newer one (Clio's ``updated_at``), so they may run
concurrently, twice, or out of order. The rate limit is the
client's concern (one limiter per token, shared by all workers).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from billing.models import Activity, BankAccount, Client, ClioUser, Matter
from billing.services.mirror import (
    MirrorModel,
    MirrorOutcome,
    MirrorRow,
    mirror_row_delete,
    mirror_rows_apply,
)
from integrations.clio.client import MAX_PAGE_SIZE, ClioClient
from integrations.clio.connection import clio_client
from integrations.clio.errors import ClioError, NotFound
from integrations.clio.fields import FieldSpec, fields_encode
from integrations.clio.fields_needed import (
    ACTIVITY_FIELDS,
    BANK_ACCOUNT_FIELDS,
    CONTACT_FIELDS,
    MATTER_FIELDS,
    USER_FIELDS,
)
from integrations.models import Source, SyncState

logger = logging.getLogger(__name__)

CENTS = Decimal("0.01")
# Clio's updated_since is inclusive; the overlap also covers records committed in Clio with
# an updated_at slightly before the previous sweep's newest one.
SWEEP_OVERLAP = timedelta(minutes=2)
# A running backfill stores its state after every page (seconds apart even when throttled);
# one silent for this long has died and may be started again (it resumes from its cursor).
BACKFILL_STALLED_AFTER = timedelta(minutes=5)


# What applying a record did (billing owns the mirror and its rules).
Outcome = MirrorOutcome


# -- pure mapping from Clio records to mirror values --------------------------------------------


def _money(value: Any) -> Decimal:
    return _decimal(value).quantize(CENTS)


def _decimal(value: Any) -> Decimal:
    if value is None or value == "":
        return Decimal(0)
    try:
        # str() first: Clio sends JSON numbers, and Decimal(float) would keep binary noise.
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc


def _moment(value: Any) -> datetime | None:
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, UTC)
    return parsed


def _day(value: Any) -> date | None:
    return parse_date(value) if isinstance(value, str) else None


def _ref(value: Any) -> int | None:
    return value.get("id") if isinstance(value, dict) else None


def _name(value: Any) -> str:
    return str(value.get("name") or "") if isinstance(value, dict) else ""


def _choice(value: Any, choices: type[models.TextChoices], *, default: str, what: str) -> str:
    lowered = str(value or "").lower()
    if lowered in choices.values:
        return lowered
    logger.warning("clio sync: unknown %s %r, using %r", what, value, default)
    return default


def _common(data: dict) -> dict[str, Any]:
    return {
        "clio_id": int(data["id"]),
        "clio_etag": str(data.get("etag") or "")[:100],
        "clio_updated_at": _moment(data.get("updated_at")),
    }


def clio_user_values(data: dict) -> dict[str, Any]:
    return {
        **_common(data),
        "name": str(data.get("name") or "")[:200],
        "email": str(data.get("email") or "")[:254],
        "enabled": bool(data.get("enabled", True)),
    }


def bank_account_values(data: dict) -> dict[str, Any]:
    kind = str(data.get("type") or "")
    return {
        **_common(data),
        "name": str(data.get("name") or "")[:200],
        # Clio answers "Operating"/"Trust" (the index filter says "TrustAccount", §5.6).
        "type": BankAccount.Type.TRUST
        if kind.lower().startswith("trust")
        else BankAccount.Type.OPERATING,
        "currency": str(data.get("currency") or "USD")[:3],
        "balance": _money(data.get("balance")),
        "default_account": bool(data.get("default_account")),
    }


def client_values(data: dict) -> dict[str, Any]:
    kind = data.get("type") if data.get("type") in Client.Type.values else Client.Type.PERSON
    return {
        **_common(data),
        "name": str(data.get("name") or "")[:300],
        "type": kind,
        "primary_email": str(data.get("primary_email_address") or "")[:254],
    }


def matter_values(data: dict) -> dict[str, Any]:
    balances = [
        {
            "id": b.get("id"),
            "name": b.get("name") or "",
            "type": b.get("type") or "",
            # Kept as text: JSON numbers would come back as floats.
            "balance": str(_money(b.get("balance"))),
        }
        for b in data.get("account_balances") or []
    ]
    return {
        **_common(data),
        "display_number": str(data.get("display_number") or "")[:200],
        "description": str(data.get("description") or ""),
        # Capitalized in responses, lower-case everywhere else (clio-api.md §7.4).
        "status": _choice(
            data.get("status"), Matter.Status, default=Matter.Status.PENDING, what="matter status"
        ),
        "billing_method": _choice(
            data.get("billing_method"),
            Matter.BillingMethod,
            default=Matter.BillingMethod.HOURLY,
            what="billing method",
        ),
        "practice_area": _name(data.get("practice_area"))[:200],
        "matter_stage": _name(data.get("matter_stage"))[:200],
        "open_date": _day(data.get("open_date")),
        "close_date": _day(data.get("close_date")),
        "clio_trust_balance": sum(
            (Decimal(b["balance"]) for b in balances if b["type"].lower().startswith("trust")),
            Decimal("0.00"),
        ),
        "account_balances": balances,
        "custom_field_values": [
            {"id": v.get("id"), "field_name": v.get("field_name"), "value": v.get("value")}
            for v in data.get("custom_field_values") or []
        ],
    }


def activity_values(data: dict) -> dict[str, Any]:
    day = _day(data.get("date"))
    if day is None:
        raise ValueError(f"activity {data.get('id')} has no date")
    kind = data.get("type") if data.get("type") in Activity.Type.values else Activity.Type.TIME
    return {
        **_common(data),
        "type": kind,
        "date": day,
        # Seconds since API 4.0.4 (clio-api.md §5.3); null when the firm redacts hours.
        "quantity_seconds": _decimal(data.get("quantity")).quantize(CENTS),
        "rounded_quantity_seconds": _decimal(data.get("rounded_quantity")).quantize(CENTS),
        "price": _money(data.get("price")),
        "total": _money(data.get("total")),
        "description": str(data.get("note") or ""),
        "non_billable": bool(data.get("non_billable")),
        "no_charge": bool(data.get("no_charge")),
        "on_bill": bool(data.get("on_bill")),
        "billed": bool(data.get("billed")),
        "clio_bill_id": _ref(data.get("bill")),
    }


# -- resources -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncResource:
    name: str  # Clio's path and ``SyncState.resource``
    model: str  # Clio's webhook model name
    mirror: type[ClioUser | Client | Matter | Activity | BankAccount]
    fields: FieldSpec
    values: Callable[[dict], dict[str, Any]]
    # mirror foreign key (same name as Clio's nested field) → the resource it points at
    refs: dict[str, str] = field(default_factory=dict)


RESOURCES: dict[str, SyncResource] = {
    r.name: r
    for r in (
        SyncResource("users", "user", ClioUser, USER_FIELDS, clio_user_values),
        SyncResource("contacts", "contact", Client, CONTACT_FIELDS, client_values),
        SyncResource(
            "matters",
            "matter",
            Matter,
            MATTER_FIELDS,
            matter_values,
            refs={
                "client": "contacts",
                "responsible_attorney": "users",
                "originating_attorney": "users",
            },
        ),
        SyncResource(
            "activities",
            "activity",
            Activity,
            ACTIVITY_FIELDS,
            activity_values,
            refs={"matter": "matters", "user": "users"},
        ),
        # No Clio webhook model exists for bank accounts: the backfill and the sweep keep them.
        SyncResource(
            "bank_accounts", "bank_account", BankAccount, BANK_ACCOUNT_FIELDS, bank_account_values
        ),
    )
}
RESOURCE_BY_MODEL = {r.model: r for r in RESOURCES.values()}


def sync_resource_for_model(model: str) -> SyncResource:
    try:
        return RESOURCE_BY_MODEL[model]
    except KeyError:
        raise ValueError(f"Remit does not mirror Clio {model!r} records") from None


# -- applying records ----------------------------------------------------------------------------


def _records_apply(resource: SyncResource, records: list[dict]) -> list[Outcome]:
    """Hand a batch to billing's mirror. Call inside a transaction.

    References must already be local (``_refs_ensure``); one that is not stays empty.
    """
    rows = [
        MirrorRow(
            values=resource.values(data),
            refs={fk: _ref(data.get(fk)) for fk in resource.refs},
        )
        for data in records
    ]
    ref_models: dict[str, MirrorModel] = {
        fk: RESOURCES[target].mirror for fk, target in resource.refs.items()
    }
    return mirror_rows_apply(model=resource.mirror, rows=rows, ref_models=ref_models)


def _mark_deleted(resource: SyncResource, clio_id: int) -> Outcome:
    return mirror_row_delete(model=resource.mirror, clio_id=clio_id)


def _apply_atomically(resource: SyncResource, records: list[dict], after=None) -> list[Outcome]:
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


def _refs_ensure(
    client: ClioClient, resource: SyncResource, records: Iterable[dict], counter: CallCounter
) -> None:
    """Fetch referenced records Remit has not seen yet (e.g. a matter created after the sweep
    passed matters). Costs nothing when they are local, which backfill order guarantees."""
    for fk, target_name in resource.refs.items():
        target = RESOURCES[target_name]
        wanted = {ref for data in records if (ref := _ref(data.get(fk))) is not None}
        if not wanted:
            continue
        local = set(
            target.mirror.objects.filter(clio_id__in=wanted).values_list("clio_id", flat=True)
        )
        for clio_id in sorted(wanted - local):
            counter.calls += 1
            data = _record_fetch(client, target, clio_id)
            if data is not None:
                _refs_ensure(client, target, [data], counter)
                _apply_atomically(target, [data])


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
        _refs_ensure(client, resource, [data], CallCounter())
    return _apply_atomically(resource, [data])[0]


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


# -- paging --------------------------------------------------------------------------------------


def _page_fetch(client: ClioClient, url: str, params: dict | None) -> dict:
    """One index page: one API call. (Tests patch this to simulate a crash mid-backfill.)"""
    body = client.request("GET", url, params=params).json()
    return body if isinstance(body, dict) else {}


def _first_page_params(resource: SyncResource, **extra: str) -> dict[str, Any]:
    return {
        "order": "id(asc)",
        "limit": MAX_PAGE_SIZE,
        "fields": fields_encode(resource.fields),
        **extra,
    }


def _paging(body: dict) -> tuple[list[dict], str | None, int | None]:
    meta = body.get("meta") or {}
    records = [r for r in body.get("data") or [] if isinstance(r, dict)]
    total = meta.get("records")  # the emulator sends it; real Clio's is UNVERIFIED (§9)
    return records, (meta.get("paging") or {}).get("next") or None, total


# -- backfill ------------------------------------------------------------------------------------


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
        url, params = resource.name, _first_page_params(resource)
    else:
        logger.info("clio backfill %s: resuming after %d pages", resource.name, state.pages_fetched)
        url, params = state.backfill_cursor, None
    started, done_here, total = time.monotonic(), 0, None
    while url is not None:
        counter = CallCounter(calls=1)
        body = _page_fetch(client, url, params)
        records, next_url, total = _paging(body)
        _refs_ensure(client, resource, records, counter)

        def page_done(outcomes, records=records, next_url=next_url, counter=counter, total=total):
            state.backfill_cursor = next_url or ""
            state.records_total = total
            state.records_synced += len(records)
            state.pages_fetched += 1
            state.api_calls += counter.calls
            state.last_error = ""
            if next_url is None:
                state.backfill_finished_at = timezone.now()
            state.save()

        _apply_atomically(resource, records, after=page_done)
        done_here += len(records)
        _progress_log(resource.name, state, done_here, total, time.monotonic() - started)
        url, params = next_url, None
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


# -- incremental sweep ---------------------------------------------------------------------------


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
    params: dict | None = _first_page_params(resource, updated_since=since.isoformat())
    while url is not None:
        counter = CallCounter(calls=1)
        body = _page_fetch(client, url, params)
        records, url, _ = _paging(body)
        params = None
        _refs_ensure(client, resource, records, counter)
        outcomes = _apply_atomically(resource, records)
        result.seen += len(records)
        result.healed += sum(1 for outcome in outcomes if outcome.healed)
        result.api_calls += counter.calls
        for data in records:
            moment = _moment(data.get("updated_at"))
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
