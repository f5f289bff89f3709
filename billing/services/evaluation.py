"""The periodic pass: which matters may be drafted now (closed ones: their final draft),
drafting them, keeping the drafts in step with Clio, and the dry run that shows what a pass
would do."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from billing.models import BillingRules, Invoice, Matter
from billing.selectors import (
    drafts_on_closed_matters,
    lines_out_of_date,
    pool_totals_by_matter,
)
from billing.services.draft_changes import invoice_hold_for_closed_matter, lines_refresh_grouped
from billing.services.drafts import (
    FLAT_FEE_PERIOD_KEY,
    DraftPlan,
    calendar_period_due,
    closed_matters_pool,
    firm_today,
    flat_fee_trigger,
    matter_billing_evaluate,
    matter_draft_plan,
    matter_final_draft_evaluate,
    matter_final_draft_plan,
    matters_closed_in_scope,
    threshold_period_key,
)
from billing.services.rules import billing_rules_get

logger = logging.getLogger(__name__)


def matters_due(*, rules: BillingRules, now: datetime) -> list[int]:
    """Matters that may fire now, found with a few set-wide queries (the cheap pre-filter);
    ``matter_draft_plan`` makes the real decision under the matter's lock."""
    today = firm_today(now=now)
    due: set[int] = set()
    for matter_id, amount in pool_totals_by_matter(
        rules=rules,
        now=now,
        up_to=today,
        exclude_period_key=threshold_period_key(today=today),
        live_periods_only=True,
    ).items():
        if amount >= rules.threshold:
            due.add(matter_id)
    period = calendar_period_due(rules=rules, now=now)
    if period is not None:
        due |= set(
            pool_totals_by_matter(
                rules=rules, now=now, up_to=period.end, exclude_period_key=period.key
            )
        )
    if Matter.BillingMethod.FLAT in rules.billing_methods:
        flat = (
            Matter.objects.filter(
                status=Matter.Status.OPEN,
                deleted_at__isnull=True,
                billing_method=Matter.BillingMethod.FLAT,
            )
            .exclude(invoices__period_key=FLAT_FEE_PERIOD_KEY)
            .only("pk", "matter_stage", "custom_field_values")
        )
        due |= {m.pk for m in flat if flat_fee_trigger(matter=m, rules=rules, now=now)}
    return sorted(due)


def matters_closed_due(*, rules: BillingRules, now: datetime) -> list[int]:
    """Closed matters that may get their final draft now (one query, the cheap pre-filter);
    ``matter_final_draft_plan`` decides under the matter's lock."""
    today = firm_today(now=now)
    pool = closed_matters_pool(
        matters=matters_closed_in_scope(rules=rules, today=today), today=today
    )
    return sorted(set(pool.filter(held=False).values_list("matter_id", flat=True)))


@dataclass
class EvaluationSummary:
    drafts_created: int = 0
    matters_evaluated: int = 0
    invoices_refreshed: int = 0
    drafts_held: int = 0


def billing_evaluate_due(*, now: datetime) -> EvaluationSummary:
    """The periodic pass: follow Clio changes into drafts, hold drafts of closed matters, then
    draft every matter that is due. Idempotent; overlapping runs are safe (row locks)."""
    summary = EvaluationSummary()
    summary.invoices_refreshed = lines_refresh_grouped(lines_out_of_date())
    for invoice_id in drafts_on_closed_matters().values_list("pk", flat=True):
        if invoice_hold_for_closed_matter(invoice_id=invoice_id) is not None:
            summary.drafts_held += 1
    rules = billing_rules_get()
    matters = Matter.objects.in_bulk(matters_due(rules=rules, now=now))
    for matter in matters.values():
        summary.matters_evaluated += 1
        if matter_billing_evaluate(matter=matter, now=now) is not None:
            summary.drafts_created += 1
    # The backstop of ``matters_changed``, and what drafts a closing once its time is stable.
    for matter in Matter.objects.in_bulk(matters_closed_due(rules=rules, now=now)).values():
        summary.matters_evaluated += 1
        if matter_final_draft_evaluate(matter=matter, now=now) is not None:
            summary.drafts_created += 1
    return summary


@dataclass(frozen=True)
class DryRunRow:
    matter: Matter
    trigger: str
    amount: Decimal
    entries: int
    skip_reason: str


def billing_dry_run(*, now: datetime, threshold: Decimal | None = None) -> list[DryRunRow]:
    """What would be drafted now (optionally with another threshold). Writes nothing."""
    rules = billing_rules_get()
    if threshold is not None:
        # An unsaved copy: the real rules are untouched.
        rules = BillingRules(
            **{
                f.attname: getattr(rules, f.attname)
                for f in BillingRules._meta.concrete_fields
                if f.attname != "id"
            }
        )
        rules.threshold = threshold
    ids = matters_due(rules=rules, now=now) + matters_closed_due(rules=rules, now=now)
    matters = Matter.objects.select_related("client").in_bulk(ids)
    rows = []
    for matter in sorted(matters.values(), key=lambda m: m.display_number):
        plan: DraftPlan | None
        if matter.status == Matter.Status.CLOSED:
            plan = matter_final_draft_plan(matter=matter, rules=rules, now=now)
        else:
            plan = matter_draft_plan(matter=matter, rules=rules, now=now)
        if plan is None:
            continue
        rows.append(
            DryRunRow(
                matter=matter,
                trigger=Invoice.Trigger(plan.trigger).label,
                amount=plan.amount if plan.flat_fee is not None or plan.entries else Decimal(0),
                entries=len(plan.entries) or (1 if plan.flat_fee else 0),
                skip_reason=plan.skip_reason,
            )
        )
    return rows
