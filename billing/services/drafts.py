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
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, connections, router, transaction
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.utils import timezone

from billing.models import Activity, AttentionItem, BillingRules, Invoice, InvoiceLine, Matter
from billing.selectors import activity_held_by_rejection, invoice_aggregate
from billing.selectors.activities import ActivityAnnotations, activities_approved_by_matter
from billing.services.attention import attention_item_open
from billing.services.rules import billing_rules_get
from billing.signals import draft_created
from integrations.outbox.record import OutboxIntent, outbox_record_many

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

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


def _periods_taken(
    *, matters: Sequence[Matter], keys: Collection[str]
) -> dict[int, dict[str, bool]]:
    """Per matter, which of ``keys`` it has an invoice for, and whether a live one (one
    query)."""
    taken: dict[int, dict[str, bool]] = {}
    rows = Invoice.objects.filter(matter__in=matters, period_key__in=keys).values_list(
        "matter_id", "period_key", "live"
    )
    for matter_id, period_key, live in rows:
        periods = taken.setdefault(matter_id, {})
        periods[period_key] = periods.get(period_key, False) or live
    return taken


def _flat_fee_plan(
    matter: Matter, rules: BillingRules, now: datetime, periods: dict[str, bool]
) -> DraftPlan | None:
    if not flat_fee_trigger(matter=matter, rules=rules, now=now):
        return None
    if FLAT_FEE_PERIOD_KEY in periods:
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


def _time_plan(
    matter: Matter,
    rules: BillingRules,
    now: datetime,
    pool: Sequence[WithAnnotations[Activity, ActivityAnnotations]],
    periods: dict[str, bool],
) -> DraftPlan | None:
    if all(entry.held for entry in pool):
        # Nothing but entries a person rejected, unchanged since: they wait for new time, an
        # edit in Clio or "Draft again" (``activity_held_by_rejection``).
        return None
    today = firm_today(now=now)
    # Whichever came first: a threshold reached takes everything up to now, which includes any
    # period whose billing date is also due, so one evaluation never makes two drafts.
    total = sum((entry.total for entry in pool), Decimal("0.00"))
    key = threshold_period_key(today=today)
    # A rejected threshold draft does not block the day: what it held is told apart above.
    if total >= rules.threshold and not periods.get(key, False):
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
    if period is not None and period.key not in periods:
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


def matters_draft_plans(
    *, matters: Sequence[Matter], rules: BillingRules, now: datetime
) -> dict[int, DraftPlan]:
    """Decide, without writing, which of ``matters`` get a draft now, and what it holds:
    calendar or threshold, whichever came first, or the flat fee. Two queries for any number
    of matters (their invoices of the periods that may fire, and their pools of time); a
    matter with nothing firing is left out."""
    in_scope = [matter for matter in matters if _matter_in_scope(matter, rules)]
    if not in_scope:
        return {}
    today = firm_today(now=now)
    period = calendar_period_due(rules=rules, now=now)
    keys = [FLAT_FEE_PERIOD_KEY, threshold_period_key(today=today)]
    taken = _periods_taken(matters=in_scope, keys=keys + ([period.key] if period else []))
    pools = activities_approved_by_matter(
        rules=rules,
        now=now,
        matter_ids=[m.pk for m in in_scope if m.billing_method != Matter.BillingMethod.FLAT],
        up_to=today,
    )
    plans: dict[int, DraftPlan] = {}
    for matter in in_scope:
        periods = taken.get(matter.pk, {})
        if matter.billing_method == Matter.BillingMethod.FLAT:
            plan = _flat_fee_plan(matter, rules, now, periods)
        else:
            plan = _time_plan(matter, rules, now, pools.get(matter.pk, []), periods)
        if plan is not None:
            plans[matter.pk] = plan
    return plans


def matters_billing_evaluate(
    *, matter_ids: Collection[int], now: datetime, rules: BillingRules | None = None
) -> list[Invoice]:
    """Create the drafts these matters are due now (``matters_draft_plans``); safe to call any
    number of times, from any number of workers.

    One transaction holds the matters' row locks for the whole decision, taken in primary-key
    order, so two workers evaluating overlapping matters queue rather than deadlock, and the
    second finds nothing left to bill.
    """
    return _matters_draft(
        matter_ids=matter_ids, now=now, rules=rules or billing_rules_get(), final=False
    )


def matter_billing_evaluate(*, matter: Matter, now: datetime) -> Invoice | None:
    """``matters_billing_evaluate`` for one matter: its draft, if it was due."""
    drafted = matters_billing_evaluate(matter_ids=[matter.pk], now=now)
    return drafted[0] if drafted else None


def _flat_fee_unusable(plan: DraftPlan) -> None:
    matter = plan.matter
    attention_item_open(
        matter=matter,
        reason=AttentionItem.Reason.ZERO_AMOUNT,
        detail=f"Flat-fee matter {matter.display_number} is due for billing: {plan.skip_reason}.",
        fix=f'Set the matter\'s "{FLAT_FEE_FIELD}" custom field in Clio.',
    )


def _matters_draft(
    *, matter_ids: Collection[int], now: datetime, rules: BillingRules, final: bool
) -> list[Invoice]:
    with transaction.atomic():
        locked = list(Matter.objects.select_for_update().filter(pk__in=matter_ids).order_by("pk"))
        if not locked:
            return []
        planner = matters_final_draft_plans if final else matters_draft_plans
        plans = []
        for plan in planner(matters=locked, rules=rules, now=now).values():
            if plan.skip_reason:
                _flat_fee_unusable(plan)
            elif plan.amount > 0:
                plans.append(plan)
        return drafts_create(plans=plans)


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


def matters_final_draft_plans(
    *, matters: Sequence[Matter], rules: BillingRules, now: datetime
) -> dict[int, DraftPlan]:
    """Which closed matters get their final draft now (PRODUCT.md §3.1): every approved,
    uninvoiced entry up to today. Below the threshold that is its point; at or above it the
    threshold draft took the entries before the close, unless the matter closed before an
    evaluation saw them, and then the final draft takes them rather than leave them unbilled.
    A matter is left out when nothing fires, and while any of its entries is still inside the
    stability window: the last time logged before closing belongs on it. Two queries for any
    number of matters."""
    closings = {
        matter.pk: final_draft_period_key(close_date=matter.close_date)
        for matter in matters
        if matter.close_date is not None
    }
    if not closings:
        return {}
    drafted = set(
        Invoice.objects.filter(
            matter_id__in=closings, period_key__in=set(closings.values()), live=True
        ).values_list("matter_id", "period_key")
    )
    due = [pk for pk, key in closings.items() if (pk, key) not in drafted]
    today = firm_today(now=now)
    in_scope = matters_closed_in_scope(rules=rules, today=today).filter(pk__in=due)
    pools: dict[int, list[WithAnnotations[Activity, ActivityAnnotations]]] = {}
    if due:
        rows = (
            closed_matters_pool(matters=in_scope, today=today)
            .select_related("user")
            .order_by("date", "pk")
        )
        for entry in rows:
            if entry.matter_id is not None:
                pools.setdefault(entry.matter_id, []).append(entry)
    stable_since = now - timedelta(minutes=rules.stability_window_minutes)
    plans: dict[int, DraftPlan] = {}
    for matter in matters:
        pool = pools.get(matter.pk, [])
        if all(entry.held for entry in pool):
            continue
        if any(entry.content_changed_at > stable_since for entry in pool):
            continue
        plans[matter.pk] = DraftPlan(
            matter=matter,
            trigger=Invoice.Trigger.MATTER_CLOSED,
            period_key=closings[matter.pk],
            period_end=today,
            entries=pool,
        )
    return plans


def matters_final_draft_evaluate(
    *, matter_ids: Collection[int], now: datetime, rules: BillingRules | None = None
) -> list[Invoice]:
    """Create the final drafts of these closed matters that are due; safe to call any number
    of times. Takes the matters' row locks, as ``matters_billing_evaluate`` does."""
    return _matters_draft(
        matter_ids=matter_ids, now=now, rules=rules or billing_rules_get(), final=True
    )


def matter_final_draft_evaluate(*, matter: Matter, now: datetime) -> Invoice | None:
    """``matters_final_draft_evaluate`` for one matter: its final draft, if it was due."""
    drafted = matters_final_draft_evaluate(matter_ids=[matter.pk], now=now)
    return drafted[0] if drafted else None


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


def _draft_lines(plan: DraftPlan, invoice: Invoice) -> list[InvoiceLine]:
    if plan.flat_fee is not None:
        matter = plan.matter
        return [
            InvoiceLine(
                invoice=invoice,
                date=invoice.period_end,
                description=f"Flat fee: {matter.description or matter.display_number}",
                amount=plan.flat_fee,
                rate=plan.flat_fee,
            )
        ]
    return [
        InvoiceLine(invoice=invoice, activity=entry, **line_values(entry)) for entry in plan.entries
    ]


def _draft_note(invoice: Invoice, lines: int) -> OutboxIntent:
    return OutboxIntent(
        kind="clio.note.create",
        dedupe_key=f"billing:invoice:{invoice.pk}:drafted",
        payload={
            "clio_matter_id": invoice.matter.clio_id,
            "subject": f"Remit draft invoice #{invoice.pk}",
            "detail": (
                f"Remit drafted invoice #{invoice.pk} for ${invoice.total:,} "
                f"({lines} line{'s' if lines != 1 else ''}, "
                f"{invoice.get_trigger_display().lower()}). It waits for review."
            ),
        },
        aggregate=invoice_aggregate(invoice.pk),
    )


# Statements of a batch stay few and cheap: Django's ``bulk_create`` compiles every value of
# every row in Python (about 80 µs a line on SQLite, split at its 999 parameters), which was
# most of a first pass over 3,000 matters. The lines go in with one ``executemany`` through the
# fields' own adaptation; their history rows are copied from the stored rows by the database.
_HISTORY_OWN_FIELDS = {"history_date", "history_change_reason", "history_type", "history_user"}
_IDS_PER_STATEMENT = 500


def _rows_insert(model: type[Model], objs: Sequence[Model]) -> None:
    """INSERT ``objs`` in one ``executemany`` (no primary keys come back)."""
    if not objs:
        return
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    # Quoted identifiers from the model's meta; every value is a parameter.
    table, marks = quote(model._meta.db_table), ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
    rows = [
        tuple(f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields)
        for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _history_copy(model: type[Model], *, column: str, ids: Sequence[int], sample: Model) -> None:
    """Record the creation of ``model``'s rows whose ``column`` is in ``ids`` in its
    django-simple-history table, as ``bulk_create_with_history`` would (history type "+", now,
    the user simple-history names for ``sample``), with one INSERT … SELECT per 500 ids."""
    if not ids or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history: Any = model.history.model  # type: ignore[attr-defined]
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    tracked = {f.attname for f in history.tracked_fields}
    fields = [f for f in history._meta.concrete_fields if not f.primary_key]
    unknown = {f.name for f in fields if f.attname not in tracked} - _HISTORY_OWN_FIELDS
    if unknown:
        raise ValueError(f"{history.__name__} has fields this copy does not know: {unknown}")
    user = history.get_default_history_user(sample)
    own = {
        "history_date": timezone.now(),
        "history_change_reason": None,
        "history_type": "+",
        "history_user": user.pk if user is not None else None,
    }
    selected, params = [], []
    for f in fields:
        if f.attname in tracked:
            selected.append(quote(f.column))
        else:
            selected.append("%s")
            params.append(f.get_db_prep_save(own[f.name], connection))
    into = f"{quote(history._meta.db_table)} ({', '.join(quote(f.column) for f in fields)})"
    copy = f"SELECT {', '.join(selected)} FROM {quote(model._meta.db_table)}"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(ids), _IDS_PER_STATEMENT):
            chunk = list(ids[start : start + _IDS_PER_STATEMENT])
            keys = ", ".join(["%s"] * len(chunk))
            # Quoted identifiers from the meta; every value is a parameter.
            sql = f"INSERT INTO {into} {copy} WHERE {quote(column)} IN ({keys})"
            cursor.execute(sql, [*params, *chunk])


def _draft_invoice(plan: DraftPlan) -> Invoice:
    if plan.period_end is None:
        raise ValueError("Only a plan with a period end is a draft to create.")
    return Invoice(
        matter=plan.matter,
        status=Invoice.Status.DRAFT,
        trigger=plan.trigger,
        period_key=plan.period_key,
        period_start=min((e.date for e in plan.entries), default=plan.period_end),
        period_end=plan.period_end,
        total=plan.amount,
    )


def _drafts_insert(plans: Sequence[DraftPlan]) -> list[Invoice] | None:
    """The drafts, their lines and Clio notes, one INSERT per table, in a savepoint; ``None``
    when a constraint refused them (nothing of them is left)."""
    try:
        with transaction.atomic():
            invoices = [_draft_invoice(plan) for plan in plans]
            invoices = Invoice.objects.bulk_create(invoices)
            ids = [invoice.pk for invoice in invoices]
            _history_copy(Invoice, column="id", ids=ids, sample=invoices[0])
            lines = [
                _draft_lines(plan, invoice) for plan, invoice in zip(plans, invoices, strict=True)
            ]
            _rows_insert(InvoiceLine, [line for each in lines for line in each])
            _history_copy(InvoiceLine, column="invoice_id", ids=ids, sample=invoices[0])
            outbox_record_many(
                intents=[
                    _draft_note(invoice, len(each))
                    for invoice, each in zip(invoices, lines, strict=True)
                ]
            )
    except IntegrityError:
        return None
    return invoices


def drafts_create(*, plans: Sequence[DraftPlan]) -> list[Invoice]:
    """Create the planned drafts and their Clio notes, then announce them (``draft_created``,
    in this transaction). Hold the row locks of their matters.

    A batch costs the same few statements whatever its size. When another writer took one
    plan's period or entries first, the constraints refuse the batch: it is rolled back to its
    savepoint and each plan is created on its own, so only that plan is lost (its matter is
    evaluated again by the next pass).
    """
    if not plans:
        return []
    invoices = _drafts_insert(plans)
    if invoices is None:
        invoices = []
        for plan in plans:
            alone = _drafts_insert([plan]) if len(plans) > 1 else None
            if alone is None:
                # Another worker drafted this period or took one of these entries first.
                logger.info(
                    "draft for matter %s period %s already exists", plan.matter.pk, plan.period_key
                )
            else:
                invoices += alone
    if invoices:
        # In the drafts' transaction, so no one can approve one before trust first has spoken.
        draft_created.send(sender=Invoice, invoices=invoices)
    return invoices


def draft_create(*, plan: DraftPlan) -> Invoice | None:
    """``drafts_create`` for one plan: the draft, or ``None`` when another writer got there
    first. Hold the matter's row lock."""
    created = drafts_create(plans=[plan])
    return created[0] if created else None
