"""A client disputes an invoice: the one place that sets or clears ``Invoice.disputed_at``.

A disputed invoice draws nothing from trust (PRODUCT.md §4: disputed amounts stay in trust,
trust/services/applications.py reads the flag) and gets no reminders (reminders reads it). The
attorney marks it from their desk; clearing it is a person's decision too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from billing.models import Invoice

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def invoice_dispute_mark(*, invoice_id: int, user: User | None) -> bool:
    """Mark the invoice disputed (once); returns whether this call marked it."""
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update(of=("self",)).get(pk=invoice_id)
        if invoice.disputed_at is not None:
            return False
        invoice.disputed_at = timezone.now()
        if user is not None:
            invoice._history_user = user
        invoice.save(update_fields=["disputed_at"])
        return True


def invoice_dispute_clear(*, invoice_id: int, user: User | None) -> bool:
    """The dispute is settled; returns whether the invoice was disputed."""
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update(of=("self",)).get(pk=invoice_id)
        if invoice.disputed_at is None:
            return False
        invoice.disputed_at = None
        if user is not None:
            invoice._history_user = user
        invoice.save(update_fields=["disputed_at"])
        return True
