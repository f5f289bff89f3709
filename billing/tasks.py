"""Celery tasks for billing: thin wrappers; every one is safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from billing.models import Matter
from billing.services.drafts import matter_billing_evaluate
from billing.services.evaluation import billing_evaluate_due


@shared_task(name="billing.tasks.billing_evaluate")
def billing_evaluate() -> dict[str, int]:
    """The periodic pass (every minute by default, editable in the admin's periodic tasks)."""
    return vars(billing_evaluate_due(now=timezone.now()))


@shared_task(name="billing.tasks.matter_evaluate")
def matter_evaluate(matter_id: int) -> int | None:
    """Evaluate one matter now (e.g. after a webhook); returns the new draft's id, if any."""
    matter = Matter.objects.filter(pk=matter_id).first()
    if matter is None:
        return None
    invoice = matter_billing_evaluate(matter=matter, now=timezone.now())
    return invoice.pk if invoice else None
