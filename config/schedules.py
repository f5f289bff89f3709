"""Every periodic task of Remit, in one list (settings.PERIODIC_TASKS).

``integrations.health.periodic_tasks_ensure`` creates them in django-celery-beat after
``migrate``, once, never overwriting, so an admin's edits (interval, enabled) survive deploys.
"""

from __future__ import annotations

# name: (task, kwargs, queue, every, period)
PERIODIC_TASKS = {
    # The sweeps retry failed events and heal lost hand-offs: inbound processing, so they share
    # the hand-offs' queue (integrations/inbound/tasks.py) and never wait behind outbound calls.
    "Inbound events sweep (Clio)": (
        "integrations.inbound_events_sweep", {"source": "clio"}, "inbound", 1, "minutes"),
    "Inbound events sweep (LawPay)": (
        "integrations.inbound_events_sweep", {"source": "lawpay"}, "inbound", 1, "minutes"),
    "Outbox relay (Clio)": ("integrations.outbox_relay", {"queue": "clio"}, "clio", 1, "minutes"),
    "Outbox relay (LawPay)": (
        "integrations.outbox_relay", {"queue": "lawpay"}, "lawpay", 1, "minutes"),
    "Outbox relay (other)": (
        "integrations.outbox_relay", {"queue": "default"}, "default", 1, "minutes"),
    # Rejected webhook requests are kept REJECTED_EVENT_RETENTION_DAYS, then deleted.
    "Rejected inbound events purge": (
        "integrations.inbound_events_rejected_purge", {}, "default", 1, "days"),
    "Clio webhook upkeep": ("integrations.clio.webhooks_upkeep", {}, "clio", 1, "hours"),
    # The reconciliation sweeps that heal lost webhooks (PRODUCT.md §5).
    "Clio sweep (updated_since)": ("integrations.clio.sweep", {}, "clio", 10, "minutes"),
    "LawPay events sweep": ("integrations.lawpay.events_sweep", {}, "lawpay", 10, "minutes"),
    "Billing: draft invoices that are due": (
        "billing.tasks.billing_evaluate", {}, "default", 1, "minutes"),
    "Invoice deliveries due": (
        "billing.payment_tasks.invoice_deliveries_due", {}, "default", 15, "minutes"),
    # Opening balances from Clio, then Remit's trust balances against Clio's (PRODUCT.md §4).
    "Trust: cross-check with Clio": ("trust.tasks.trust_crosscheck", {}, "default", 2, "minutes"),
    # Trust first's backstop: a waiting draft on a funded matter gets its proposal.
    "Trust: proposals for waiting drafts": (
        "trust.tasks.trust_proposals", {}, "default", 5, "minutes"),
    # Evergreen retainers: a top-up request when a matter falls below its minimum.
    "Trust: evergreen top-ups": ("trust.tasks.trust_evergreen", {}, "default", 15, "minutes"),
    # Overdue reminders (PRODUCT.md §3 event 5); sends wait for the firm's business hours.
    "Reminders: overdue scan": ("reminders.tasks.reminders_scan", {}, "default", 15, "minutes"),
}  # fmt: skip
