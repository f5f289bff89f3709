"""Reads of the pool of time: which entries may be billed, which wait, what each matter holds."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)

from billing.models import (
    Activity,
    BillingRules,
    Invoice,
    InvoiceLine,
    Matter,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def activities_billable(*, rules: BillingRules) -> QuerySet[Activity]:
    """Entries that may be billed now, except for the stability window (PRODUCT.md §3.1)."""
    return Activity.objects.filter(
        non_billable=False,
        no_charge=False,
        on_bill=False,
        billed=False,
        total__gt=0,
        deleted_at__isnull=True,
        matter__status=Matter.Status.OPEN,
        matter__deleted_at__isnull=True,
        matter__billing_method__in=rules.billing_methods,
    ).exclude(Exists(InvoiceLine.objects.filter(activity=OuterRef("pk"), live=True)))


class ActivityAnnotations(TypedDict):
    """What ``activities_approved`` adds to each entry."""

    held: bool


def activities_approved(
    *, rules: BillingRules, now: datetime
) -> QuerySet[WithAnnotations[Activity, ActivityAnnotations]]:
    """Approved, uninvoiced entries: billable and unchanged for the stability window.

    Each carries ``held``: the entry was on a draft that a person rejected and has not changed
    in Clio since (see ``activity_held_by_rejection``).
    """
    stable_since = now - timedelta(minutes=rules.stability_window_minutes)
    return (
        activities_billable(rules=rules)
        .filter(content_changed_at__lte=stable_since)
        .annotate(held=activity_held_by_rejection())
    )


def activities_approved_by_matter(
    *, rules: BillingRules, now: datetime, matter_ids: Collection[int], up_to: date
) -> dict[int, list[WithAnnotations[Activity, ActivityAnnotations]]]:
    """Each matter's approved, uninvoiced entries dated up to ``up_to``, with their timekeeper,
    in date order: the pools of a batch of matters in one query. A matter without any is left
    out."""
    pools: dict[int, list[WithAnnotations[Activity, ActivityAnnotations]]] = {}
    if not matter_ids:
        return pools
    rows = (
        activities_approved(rules=rules, now=now)
        .filter(matter_id__in=matter_ids, date__lte=up_to)
        .select_related("user")
        .order_by("date", "pk")
    )
    for entry in rows:
        if entry.matter_id is not None:
            pools.setdefault(entry.matter_id, []).append(entry)
    return pools


def activity_held_by_rejection() -> Exists:
    """Whether an entry waits because a person rejected the draft it was on (PRODUCT.md §3.1).

    A rejected entry is not drafted again by itself. It comes back when something changes that
    a biller would expect to reopen it: the entry is edited in Clio (its content moved on from
    what the rejected line was drawn from), new approved time arrives on the matter (the matter
    then has an entry that is not held, and the whole pool is drafted together), or a person
    presses "Draft again" on the rejected invoice (``invoice_draft_again``).
    """
    return Exists(
        InvoiceLine.objects.filter(
            activity=OuterRef("pk"),
            invoice__status=Invoice.Status.REJECTED,
            source_changed_at=OuterRef("content_changed_at"),
        )
    )


def activity_is_billable(*, activity: Activity, matter_id: int) -> bool:
    """Whether an entry already on a draft of ``matter_id`` still belongs there."""
    return (
        activity.deleted_at is None
        and activity.matter_id == matter_id
        and not (activity.non_billable or activity.no_charge or activity.on_bill)
        and not activity.billed
        and activity.total > 0
    )


def pool_totals_by_matter(
    *,
    rules: BillingRules,
    now: datetime,
    up_to: date,
    exclude_period_key: str = "",
    live_periods_only: bool = False,
) -> dict[int, Decimal]:
    """Approved, uninvoiced amounts dated up to ``up_to``, per matter, in one query.

    Matters whose every entry is held by a rejection are left out: nothing new to draft.
    ``exclude_period_key`` leaves out matters that already have an invoice for that period
    (only a live one with ``live_periods_only``).
    """
    rows = activities_approved(rules=rules, now=now).filter(date__lte=up_to)
    rows = rows.exclude(matter__billing_method=Matter.BillingMethod.FLAT)
    if exclude_period_key:
        taken = Invoice.objects.filter(matter=OuterRef("matter"), period_key=exclude_period_key)
        if live_periods_only:
            taken = taken.filter(live=True)
        rows = rows.exclude(Exists(taken))
    totals = (
        rows.values("matter_id")
        .annotate(amount=Sum("total"), fresh=Count("pk", filter=Q(held=False)))
        .filter(fresh__gt=0)
    )
    return {row["matter_id"]: row["amount"] for row in totals}
