"""Billing's copy of Clio (users, clients, matters, activities, bank accounts), written only here.

The sync engine (``integrations/clio/sync/``) turns Clio's records into ``MirrorRow``s and
hands them over in batches; this module decides, by Clio's ``updated_at``, whether a row is
newer than the copy (so webhooks, the backfill and the sweep may run concurrently, twice or out
of order), restarts the stability window when a billed field changed (PRODUCT.md §3.1), marks
deletions, gives a new or healed matter its LawPay reference mapping, and once the change is
committed has the drafts follow it (``draft_changes``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from billing.models import Activity, BankAccount, Client, ClioUser, Matter, MatterMapping
from billing.services.draft_changes import activities_changed, matters_changed
from billing.services.mappings import matter_mapping_ensure

MirrorModel = type[ClioUser] | type[Client] | type[Matter] | type[Activity] | type[BankAccount]

# Changing one of these restarts the billing stability window (PRODUCT.md §3.1).
BILLING_FIELDS: dict[type[Model], tuple[str, ...]] = {
    Activity: (
        "total",
        "quantity_seconds",
        "rounded_quantity_seconds",
        "price",
        "non_billable",
        "no_charge",
        "on_bill",
        "matter_id",
        "date",
        "description",
        "user_id",
    ),
}
# What a draft follows: an entry's billed values (``content_changed_at`` moves with them) or
# its deletion; a matter's status or deletion. A new row is on no draft yet.
DRAFT_FIELDS: dict[type[Model], frozenset[str]] = {
    Activity: frozenset({"content_changed_at", "deleted_at"}),
    Matter: frozenset({"status", "deleted_at"}),
}


class MirrorOutcome(Enum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    STALE = "stale"  # older than what Remit holds: ignored
    DELETED = "deleted"
    ABSENT = "absent"  # deleted in Clio and never seen here

    @property
    def healed(self) -> bool:
        return self in (MirrorOutcome.CREATED, MirrorOutcome.UPDATED)


@dataclass
class MirrorRow:
    """One record as the mirror stores it: its fields (``clio_id``, ``clio_updated_at`` …) and,
    per foreign key, the Clio id it points at (``None``: none)."""

    values: dict[str, Any]
    refs: dict[str, int | None] = field(default_factory=dict)


def mirror_rows_apply(
    *, model: MirrorModel, rows: list[MirrorRow], ref_models: dict[str, MirrorModel]
) -> list[MirrorOutcome]:
    """Upsert a batch into the mirror. Call inside a transaction; locks the existing rows.

    References must already be mirrored (the caller fetches them first); one that is not stays
    empty. An ``IntegrityError`` means another writer created one of the rows first: retry
    the batch, which then compares versions.
    """
    if not rows:
        return []
    now = timezone.now()
    values = [dict(row.values) for row in rows]
    ids = [v["clio_id"] for v in values]
    manager = model._default_manager
    existing = manager.select_for_update().in_bulk(ids, field_name="clio_id")
    for fk, target in ref_models.items():
        wanted = {row.refs.get(fk) for row in rows} - {None}
        # An empty reference (None) finds no row.
        pks: dict[int | None, int] = dict(
            target._default_manager.filter(clio_id__in=wanted).values_list("clio_id", "pk")
        )
        for row, value in zip(rows, values, strict=True):
            value[f"{fk}_id"] = pks.get(row.refs.get(fk))
    mapped: set[int] = set()
    if model is Matter:
        mapped = set(
            MatterMapping.objects.filter(clio_matter_id__in=ids).values_list(
                "clio_matter_id", flat=True
            )
        )
    outcomes, followed = [], []
    for value in values:
        outcome, instance, changed = _row_apply(
            model, existing.get(value["clio_id"]), value, now=now
        )
        if isinstance(instance, Matter) and (outcome.healed or instance.clio_id not in mapped):
            matter_mapping_ensure(matter=instance)
        if DRAFT_FIELDS.get(model, frozenset()) & changed:
            followed.append(instance.pk)
        outcomes.append(outcome)
    _drafts_follow(model, followed)
    return outcomes


def mirror_row_delete(*, model: MirrorModel, clio_id: int) -> MirrorOutcome:
    """Clio deleted the record: keep the row, marked deleted (invoices may point at it)."""
    manager = model._default_manager
    updated = manager.filter(clio_id=clio_id, deleted_at__isnull=True).update(
        deleted_at=timezone.now(), synced_at=timezone.now()
    )
    if updated:
        if model in DRAFT_FIELDS:
            _drafts_follow(
                model, list(manager.filter(clio_id=clio_id).values_list("pk", flat=True))
            )
        return MirrorOutcome.DELETED
    if manager.filter(clio_id=clio_id).exists():
        return MirrorOutcome.UNCHANGED
    return MirrorOutcome.ABSENT


def _drafts_follow(model: MirrorModel, pks: list[int]) -> None:
    """Have the drafts follow the changed rows, in one callback, once the transaction commits.

    Not before: the hooks lock invoices, which other services lock before (or with) their
    matter; taking them while this transaction holds the mirror's matter and activity row
    locks would invert that order and could deadlock. ``robust``: the mirror is written
    whatever the hook does; a failure is logged and the every-minute evaluation redoes it.
    """
    if not pks:
        return
    if model is Activity:
        transaction.on_commit(lambda: activities_changed(activity_ids=pks), robust=True)
    elif model is Matter:
        transaction.on_commit(lambda: matters_changed(matter_ids=pks), robust=True)


def _changed_at(row: dict[str, Any], *, now: datetime) -> datetime:
    """When the entry last changed, by Clio's clock (never later than ours): the stability
    window counts "has not changed for 15 minutes" from Clio's edit, not from our copy."""
    clio_time = row.get("clio_updated_at")
    return min(clio_time, now) if clio_time else now


def _row_apply(
    model: MirrorModel, instance: Any, row: dict[str, Any], *, now: datetime
) -> tuple[MirrorOutcome, Any, set[str]]:
    """The outcome, the row and the names of the fields of an existing row it changed."""
    billing_fields = BILLING_FIELDS.get(model, ())
    if instance is None:
        if billing_fields:
            row["content_changed_at"] = _changed_at(row, now=now)
        return MirrorOutcome.CREATED, model._default_manager.create(**row), set()
    incoming, held = row["clio_updated_at"], instance.clio_updated_at
    # Equal timestamps are the same version; a deleted row only comes back for a newer one.
    older = incoming is not None and held is not None and incoming < held
    not_newer = incoming is not None and held is not None and incoming <= held
    if older or (instance.deleted_at is not None and not_newer):
        return MirrorOutcome.STALE, instance, set()
    changed = [name for name, value in row.items() if getattr(instance, name) != value]
    if instance.deleted_at is not None:
        instance.deleted_at = None
        changed.append("deleted_at")
    if not changed:
        return MirrorOutcome.UNCHANGED, instance, set()
    for name in changed:
        if name != "deleted_at":
            setattr(instance, name, row[name])
    if set(changed) & set(billing_fields):
        instance.content_changed_at = _changed_at(row, now=now)
        changed.append("content_changed_at")
    instance.save(update_fields=[*changed, "synced_at"])
    return MirrorOutcome.UPDATED, instance, set(changed)
