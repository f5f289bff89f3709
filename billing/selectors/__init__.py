"""Reads for billing: the pool of approved time (``activities``), who sees which invoice and the
review queue (``invoices``), and what keeps an invoice from being sent (``blockers``).

Import from the module that holds a selector; this package re-exports them all for the callers
that read several."""

from __future__ import annotations

from billing.selectors.activities import (
    ActivityAnnotations,
    activities_approved,
    activities_billable,
    activity_held_by_rejection,
    activity_is_billable,
    pool_totals_by_matter,
)
from billing.selectors.blockers import (
    Blocker,
    invoice_blockers,
    invoice_blockers_now,
)
from billing.selectors.invoices import (
    QUEUE_STATUSES,
    UNSENT_STATUSES,
    InvoiceAnnotations,
    InvoiceDetailAnnotations,
    QueueFilters,
    attention_invoices,
    attention_items_unattached,
    drafts_on_closed_matters,
    invoice_aggregate,
    invoice_detail,
    invoice_queue,
    invoice_queue_counts,
    invoices_annotated,
    invoices_for_api,
    invoices_visible,
    lines_out_of_date,
    queue_filter_choices,
    user_may_view_invoices,
)

__all__ = [
    "QUEUE_STATUSES",
    "UNSENT_STATUSES",
    "ActivityAnnotations",
    "Blocker",
    "InvoiceAnnotations",
    "InvoiceDetailAnnotations",
    "QueueFilters",
    "activities_approved",
    "activities_billable",
    "activity_held_by_rejection",
    "activity_is_billable",
    "attention_invoices",
    "attention_items_unattached",
    "drafts_on_closed_matters",
    "invoice_aggregate",
    "invoice_blockers",
    "invoice_blockers_now",
    "invoice_detail",
    "invoice_queue",
    "invoice_queue_counts",
    "invoices_annotated",
    "invoices_for_api",
    "invoices_visible",
    "lines_out_of_date",
    "pool_totals_by_matter",
    "queue_filter_choices",
    "user_may_view_invoices",
]
