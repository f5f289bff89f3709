"""The periodic pass: which matters may be drafted now (closed ones: their final draft),
drafting them, keeping the drafts in step with Clio, and the dry run that shows what a pass
would do."""

from __future__ import annotations

import logging
from collections.abc import Iterator
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
    matters_billing_evaluate,
    matters_closed_in_scope,
    matters_draft_plans,
    matters_final_draft_evaluate,
    matters_final_draft_plans,
    threshold_period_key,
)
from billing.services.rules import billing_rules_get

logger = logging.getLogger(__name__)

# Matters per transaction in the periodic pass: their row locks are held together while their
# drafts are written, so this bounds both the statements per matter and how long a matter
# waits for another writer.
DRAFT_BATCH = 200


def _batches(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), DRAFT_BATCH):
        yield ids[start : start + DRAFT_BATCH]


def matters_due(*, rules: BillingRules, now: datetime) -> list[int]:
    """Matters that may fire now, found with a few set-wide queries (the cheap pre-filter);
    ``matters_draft_plans`` makes the real decision under the matters' locks."""
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
    ``matters_final_draft_plans`` decides under the matters' locks."""
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
    # Transactions the drafting took (at most ``DRAFT_BATCH`` matters each).
    batches: int = 0


def billing_evaluate_due(*, now: datetime) -> EvaluationSummary:
    """The periodic pass: follow Clio changes into drafts, hold drafts of closed matters, then
    draft every matter that is due. Idempotent; overlapping runs are safe (row locks)."""
    summary = EvaluationSummary()
    summary.invoices_refreshed = lines_refresh_grouped(lines_out_of_date())
    for invoice_id in drafts_on_closed_matters().values_list("pk", flat=True):
        if invoice_hold_for_closed_matter(invoice_id=invoice_id) is not None:
            summary.drafts_held += 1
    rules = billing_rules_get()
    for evaluate, due in (
        (matters_billing_evaluate, matters_due(rules=rules, now=now)),
        # The backstop of ``matters_changed``, and what drafts a closing once its time is stable.
        (matters_final_draft_evaluate, matters_closed_due(rules=rules, now=now)),
    ):
        for batch in _batches(due):
            summary.batches += 1
            summary.matters_evaluated += len(batch)
            summary.drafts_created += len(evaluate(matter_ids=batch, now=now, rules=rules))
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
    plans: dict[int, DraftPlan] = {}
    for batch in _batches(ids):
        matters = list(Matter.objects.select_related("client").filter(pk__in=batch))
        closed = [m for m in matters if m.status == Matter.Status.CLOSED]
        plans |= matters_final_draft_plans(matters=closed, rules=rules, now=now)
        plans |= matters_draft_plans(
            matters=[m for m in matters if m.status != Matter.Status.CLOSED], rules=rules, now=now
        )
    rows = []
    for plan in sorted(plans.values(), key=lambda p: p.matter.display_number):
        rows.append(
            DryRunRow(
                matter=plan.matter,
                trigger=Invoice.Trigger(plan.trigger).label,
                amount=plan.amount if plan.flat_fee is not None or plan.entries else Decimal(0),
                entries=len(plan.entries) or (1 if plan.flat_fee else 0),
                skip_reason=plan.skip_reason,
            )
        )
    return rows
