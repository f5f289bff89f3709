"""The "needs attention" list: what cannot proceed, the reason and the fix."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from billing.models import AttentionItem, Invoice, Matter

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def attention_item_open(
    *,
    reason: str,
    detail: str,
    fix: str = "",
    invoice: Invoice | None = None,
    matter: Matter | None = None,
) -> AttentionItem:
    """Open an item, or return the open one for the same invoice (or matter) and reason.

    Safe to call on every evaluation: a problem is listed once until someone resolves it.
    """
    if invoice is not None and matter is None:
        matter = invoice.matter
    existing = AttentionItem.objects.filter(
        invoice=invoice, matter=matter, reason=reason, resolved_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return AttentionItem.objects.create(
                invoice=invoice, matter=matter, reason=reason, detail=detail, fix=fix
            )
    except IntegrityError:
        # Two workers noticed the same problem; the open-once constraint kept one.
        return AttentionItem.objects.get(invoice=invoice, reason=reason, resolved_at__isnull=True)


def attention_item_resolve(*, item: AttentionItem, user: User) -> AttentionItem:
    """Mark an item resolved by ``user``; resolving twice changes nothing."""
    AttentionItem.objects.filter(pk=item.pk, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=user
    )
    item.refresh_from_db()
    return item
