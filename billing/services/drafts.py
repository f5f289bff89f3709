"""Approved time → draft invoices (PRODUCT.md §3 event 1, §8): when a matter is due, and what
its draft holds. Keeping drafts true to Clio afterwards: ``draft_changes.py``; the periodic
pass: ``evaluation.py``.

Locking contract: everything that creates or changes a draft holds ``SELECT … FOR UPDATE`` on the
matter row (creation) or the invoice row (changes). The database constraints — one live invoice
per matter and period, an activity on at most one live line — are the last word when two
workers race anyway: the loser's ``IntegrityError`` becomes a no-op.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from simple_history.utils import bulk_create_with_history

from billing.models import Activity, AttentionItem, BillingRules, Invoice, InvoiceLine, Matter
from billing.selectors import (
    activities_approved,
    activity_held_by_rejection,
    invoice_aggregate,
)
from billing.services.attention import attention_item_open
from billing.services.rules import billing_rules_get
from billing.signals import draft_created
from integrations.outbox.record import outbox_record

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from billing.selectors import ActivityAnnotations

logger = logging.getLogger(__name__)

CENT = Decimal("0.01")
SECONDS_PER_HOUR = Decimal(3600)
FLAT_FEE_FIELD = "Flat fee"
FLAT_FEE_DATE_FIELD = "Flat fee billing date"
FLAT_FEE_PERIOD_KEY = "flat_fee"
# Statuses in which a line follows Clio; after approval a change is flagged instead.
EDITABLE_STATUSES = (Invoice.Status.DRAFT, Invoice.Status.ON_HOLD)
# A matter closed longer ago than this (Clio's close date, which Clio sets on closing) when
# Remit first looks, e.g. the firm's history at connection, gets no final draft after the fact;
# neither does one without a close date (imported history).
FINAL_DRAFT_LOOKBACK_DAYS = 7


def firm_today(*, now: datetime) -> date:
    """The calendar date at the firm at ``now`` (rules count firm days, storage is UTC)."""
    return now.astimezone(ZoneInfo(settings.FIRM_TIME_ZONE)).date()


@dataclass(frozen=True)
class CalendarPeriod:
    key: str
    start: date
    end: date
    billing_date: date


def calendar_period_due(*, rules: BillingRules, now: datetime) -> CalendarPeriod | None:
    """The latest monthly period whose billing date has arrived at the firm, if the rule is on.

    Billing on day N of a month covers the previous calendar month (PRODUCT.md §8).
    """
    day = rules.calendar_day_of_month
    if day is None:
        return None
    today = firm_today(now=now)
    billing_date = today.replace(day=day)
    if today.day < day:
        billing_date = (today.replace(day=1) - timedelta(days=1)).replace(day=day)
    end = billing_date.replace(day=1) - timedelta(days=1)
    return CalendarPeriod(
        key=f"{end:%Y-%m}", start=end.replace(day=1), end=end, billing_date=billing_date
    )


def threshold_period_key(*, today: date) -> str:
    return f"threshold:{today.isoformat()}"


@dataclass
class DraftPlan:
    """What evaluating a matter would draft now (or why it would not)."""

    matter: Matter
    trigger: str = ""
    period_key: str = ""
    period_end: date | None = None
    entries: Sequence[Activity] = field(default_factory=list)
    flat_fee: Decimal | None = None
    skip_reason: str = ""

    @property
    def amount(self) -> Decimal:
        if self.flat_fee is not None:
            return self.flat_fee
        return sum((entry.total for entry in self.entries), Decimal("0.00"))


def _custom_field(matter: Matter, name: str) -> Any:
    for value in matter.custom_field_values or []:
        if isinstance(value, dict) and value.get("field_name") == name:
            return value.get("value")
    return None


def flat_fee_amount(*, matter: Matter) -> Decimal | None:
    raw = _custom_field(matter, FLAT_FEE_FIELD)
    if raw in (None, ""):
        return None
    try:
        amount = Decimal(str(raw).replace("$", "").replace(",", "")).quantize(CENT)
    except (InvalidOperation, ValueError):
        return None
    return amount if amount > 0 else None


def _flat_fee_date(matter: Matter) -> date | None:
    raw = _custom_field(matter, FLAT_FEE_DATE_FIELD)
    try:
        return date.fromisoformat(str(raw)[:10]) if raw else None
    except ValueError:
        return None


def flat_fee_trigger(*, matter: Matter, rules: BillingRules, now: datetime) -> bool:
    """A flat-fee matter fires at the configured stage or on its scheduled billing date."""
    if rules.flat_fee_trigger_stage and matter.matter_stage == rules.flat_fee_trigger_stage:
        return True
    scheduled = _flat_fee_date(matter)
    return scheduled is not None and scheduled <= firm_today(now=now)


def _matter_in_scope(matter: Matter, rules: BillingRules) -> bool:
    return (
        matter.status == Matter.Status.OPEN
        and matter.deleted_at is None
        and matter.billing_method in rules.billing_methods
    )


def matter_draft_plan(*, matter: Matter, rules: BillingRules, now: datetime) -> DraftPlan | None:
    """Decide, without writing, whether ``matter`` gets a draft now: calendar or threshold,
    whichever came first, or the flat fee. ``None`` when nothing fires."""
    if not _matter_in_scope(matter, rules):
        return None
    periods = Invoice.objects.filter(matter=matter)
    if matter.billing_method == Matter.BillingMethod.FLAT:
        if not flat_fee_trigger(matter=matter, rules=rules, now=now):
            return None
        if periods.filter(period_key=FLAT_FEE_PERIOD_KEY).exists():
            return None
        amount = flat_fee_amount(matter=matter)
        plan = DraftPlan(
            matter=matter,
            trigger=Invoice.Trigger.FLAT_FEE,
            period_key=FLAT_FEE_PERIOD_KEY,
            period_end=firm_today(now=now),
            flat_fee=amount,
        )
        if amount is None:
            plan.skip_reason = f'No usable "{FLAT_FEE_FIELD}" custom field value on the matter'
        return plan

    today = firm_today(now=now)
    pool = list(
        activities_approved(rules=rules, now=now)
        .filter(matter=matter, date__lte=today)
        .select_related("user")
        .order_by("date", "pk")
    )
    if all(entry.held for entry in pool):
        # Nothing but entries a person rejected, unchanged since: they wait for new time, an
        # edit in Clio or "Draft again" (``activity_held_by_rejection``).
        return None
    # Whichever came first: a threshold reached takes everything up to now, which includes any
    # period whose billing date is also due, so one evaluation never makes two drafts.
    total = sum((entry.total for entry in pool), Decimal("0.00"))
    key = threshold_period_key(today=today)
    # A rejected threshold draft does not block the day: what it held is told apart above.
    if total >= rules.threshold and not periods.filter(period_key=key, live=True).exists():
        return DraftPlan(
            matter=matter,
            trigger=Invoice.Trigger.THRESHOLD,
            period_key=key,
            period_end=today,
            entries=pool,
        )
    # A rejected calendar draft keeps its period: a person decided about that billing date,
    # so its entries go with the next threshold draft or the next period's.
    period = calendar_period_due(rules=rules, now=now)
    if period is not None and not periods.filter(period_key=period.key).exists():
        entries = [entry for entry in pool if entry.date <= period.end]
        # Held entries come back with new time, so the period must hold some of it.
        if entries and not all(entry.held for entry in entries):
            return DraftPlan(
                matter=matter,
                trigger=Invoice.Trigger.CALENDAR,
                period_key=period.key,
                period_end=period.end,
                entries=entries,
            )
    return None


def matter_billing_evaluate(*, matter: Matter, now: datetime) -> Invoice | None:
    """Create the draft that ``matter`` is due now, if any; safe to call any number of times.

    Takes the matter's row lock for the whole decision, so concurrent evaluations of one matter
    run one after the other and the second finds nothing left to bill.
    """
    rules = billing_rules_get()
    with transaction.atomic():
        locked = Matter.objects.select_for_update().filter(pk=matter.pk).first()
        if locked is None:
            return None
        plan = matter_draft_plan(matter=locked, rules=rules, now=now)
        if plan is None:
            return None
        if plan.skip_reason:
            attention_item_open(
                matter=locked,
                reason=AttentionItem.Reason.ZERO_AMOUNT,
                detail=f"Flat-fee matter {locked.display_number} is due for billing: "
                f"{plan.skip_reason}.",
                fix=f'Set the matter\'s "{FLAT_FEE_FIELD}" custom field in Clio.',
            )
            return None
        if plan.amount <= 0:
            return None
        return draft_create(plan=plan)


def final_draft_period_key(*, close_date: date) -> str:
    """One final draft per closing, named by Clio's close date: re-opened and closed again on
    another day is another closing."""
    return f"matter_closed:{close_date.isoformat()}"


def matters_closed_in_scope(*, rules: BillingRules, today: date) -> QuerySet[Matter]:
    """Closed matters a final draft may be made for: hourly-style billing in scope (a flat fee
    has its own trigger), closed within ``FINAL_DRAFT_LOOKBACK_DAYS``."""
    recent = today - timedelta(days=FINAL_DRAFT_LOOKBACK_DAYS)
    return Matter.objects.filter(
        status=Matter.Status.CLOSED,
        deleted_at__isnull=True,
        billing_method__in=rules.billing_methods,
        close_date__gte=recent,
    ).exclude(billing_method=Matter.BillingMethod.FLAT)


def closed_matters_pool(
    *, matters: QuerySet[Matter], today: date
) -> QuerySet[WithAnnotations[Activity, ActivityAnnotations]]:
    """Uninvoiced, billable entries up to ``today`` of these closed matters, each with ``held``:
    ``activities_billable``'s rule without its "open matter" clause."""
    return (
        Activity.objects.filter(
            matter__in=matters,
            date__lte=today,
            non_billable=False,
            no_charge=False,
            on_bill=False,
            billed=False,
            total__gt=0,
            deleted_at__isnull=True,
        )
        .exclude(Exists(InvoiceLine.objects.filter(activity=OuterRef("pk"), live=True)))
        .annotate(held=activity_held_by_rejection())
    )


def matter_final_draft_plan(
    *, matter: Matter, rules: BillingRules, now: datetime
) -> DraftPlan | None:
    """Whether a closed matter gets its final draft now (PRODUCT.md §3.1): every approved,
    uninvoiced entry up to today. Below the threshold that is its point; at or above it the
    threshold draft took the entries before the close, unless the matter closed before an
    evaluation saw them, and then the final draft takes them rather than leave them unbilled.
    ``None`` when nothing fires, and while any entry is still inside the stability window: the
    last time logged before closing belongs on it."""
    if matter.close_date is None:
        return None
    today = firm_today(now=now)
    in_scope = matters_closed_in_scope(rules=rules, today=today).filter(pk=matter.pk)
    key = final_draft_period_key(close_date=matter.close_date)
    if Invoice.objects.filter(matter=matter, period_key=key, live=True).exists():
        return None
    pool = list(
        closed_matters_pool(matters=in_scope, today=today)
        .select_related("user")
        .order_by("date", "pk")
    )
    if all(entry.held for entry in pool):
        return None
    stable_since = now - timedelta(minutes=rules.stability_window_minutes)
    if any(entry.content_changed_at > stable_since for entry in pool):
        return None
    return DraftPlan(
        matter=matter,
        trigger=Invoice.Trigger.MATTER_CLOSED,
        period_key=key,
        period_end=today,
        entries=pool,
    )


def matter_final_draft_evaluate(*, matter: Matter, now: datetime) -> Invoice | None:
    """Create the final draft of a closed matter if it is due; safe to call any number of
    times. Takes the matter's row lock, as ``matter_billing_evaluate`` does."""
    rules = billing_rules_get()
    with transaction.atomic():
        locked = Matter.objects.select_for_update().filter(pk=matter.pk).first()
        if locked is None:
            return None
        plan = matter_final_draft_plan(matter=locked, rules=rules, now=now)
        if plan is None or plan.amount <= 0:
            return None
        return draft_create(plan=plan)


def line_values(activity: Activity) -> dict[str, Any]:
    rate = activity.price
    if activity.type == Activity.Type.TIME:
        exact_hours = activity.rounded_quantity_seconds / SECONDS_PER_HOUR
        hours = exact_hours.quantize(CENT, rounding=ROUND_HALF_UP)
    else:
        exact_hours = activity.rounded_quantity_seconds  # units of an expense
        hours = Decimal("0.00")
    expected = (exact_hours * rate).quantize(CENT, rounding=ROUND_HALF_UP)
    return {
        "date": activity.date,
        "timekeeper": activity.user.name if activity.user else "",
        "description": activity.description,
        "hours": hours,
        "rate": rate,
        # Clio's total is the value of the time (PRODUCT.md §8); the rest is shown beside it.
        "amount": activity.total,
        "amount_mismatch": activity.total != expected,
        "source_changed_at": activity.content_changed_at,
    }


def draft_create(*, plan: DraftPlan) -> Invoice | None:
    """Create the planned draft and its Clio note. Hold the matter's row lock."""
    matter = plan.matter
    period_end = plan.period_end
    if period_end is None:
        raise ValueError("Only a plan with a period end is a draft to create.")
    try:
        with transaction.atomic():
            invoice = Invoice.objects.create(
                matter=matter,
                status=Invoice.Status.DRAFT,
                trigger=plan.trigger,
                period_key=plan.period_key,
                period_start=min((e.date for e in plan.entries), default=period_end),
                period_end=period_end,
                total=plan.amount,
            )
            if plan.flat_fee is not None:
                lines = [
                    InvoiceLine(
                        invoice=invoice,
                        date=period_end,
                        description=f"Flat fee: {matter.description or matter.display_number}",
                        amount=plan.flat_fee,
                        rate=plan.flat_fee,
                    )
                ]
            else:
                lines = [
                    InvoiceLine(invoice=invoice, activity=entry, **line_values(entry))
                    for entry in plan.entries
                ]
            bulk_create_with_history(lines, InvoiceLine)
    except IntegrityError:
        # Another worker drafted this period or took one of these entries first.
        logger.info("draft for matter %s period %s already exists", matter.pk, plan.period_key)
        return None
    outbox_record(
        kind="clio.note.create",
        dedupe_key=f"billing:invoice:{invoice.pk}:drafted",
        payload={
            "clio_matter_id": matter.clio_id,
            "subject": f"Remit draft invoice #{invoice.pk}",
            "detail": (
                f"Remit drafted invoice #{invoice.pk} for ${invoice.total:,} "
                f"({len(lines)} line{'s' if len(lines) != 1 else ''}, "
                f"{invoice.get_trigger_display().lower()}). It waits for review."
            ),
        },
        aggregate=invoice_aggregate(invoice.pk),
    )
    # In the draft's transaction, so no one can approve it before trust first has spoken.
    draft_created.send(sender=Invoice, invoice=invoice)
    return invoice
