"""Celery tasks for delivery: thin wrappers, safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from billing.services.delivery import invoice_deliveries_due


@shared_task(name="billing.payment_tasks.invoice_deliveries_due")
def invoice_deliveries_due_task() -> int:
    """Periodic: invoices whose send date arrived (or whose blocker was fixed) go out."""
    return invoice_deliveries_due(now=timezone.now())
