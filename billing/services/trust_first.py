"""What billing lets the trust app say about an invoice (PRODUCT.md §3.4, trust first).

The trust app decides whether and how much trust pays; billing keeps, on the invoice, only what
its own rules need: a pending decision blocks approval, and the applied amount comes off the
amount due (so the payment link asks only for the remainder). Call with the invoice's row lock
held (``invoice_lock``): the trust app takes it first, then its own ledger locks.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from billing.models import Invoice

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Invoices trust may still pay: not yet approved (trust is applied as part of approval).
TRUST_OPEN_STATUSES = (Invoice.Status.DRAFT, Invoice.Status.ON_HOLD)


def invoice_lock(*, invoice_id: int) -> Invoice:
    """The invoice with ``SELECT … FOR UPDATE``; call inside a transaction."""
    return (
        Invoice.objects.select_for_update(of=("self",)).select_related("matter").get(pk=invoice_id)
    )


def invoice_trust_review_set(*, invoice: Invoice, review: str, user: User | None = None) -> None:
    invoice.trust_review = review
    if user is not None:
        invoice._history_user = user
    invoice.save(update_fields=["trust_review"])


def invoice_trust_apply(*, invoice: Invoice, amount: Decimal, user: User | None) -> None:
    """Trust pays ``amount`` of the (locked) invoice; the rest is left to pay by link."""
    if invoice.status not in TRUST_OPEN_STATUSES:
        raise ValueError(
            f"Invoice {invoice} is {invoice.status}; trust is applied before approval."
        )
    if amount <= 0 or amount > invoice.total:
        raise ValueError(f"${amount} is not between $0 and the invoice total ${invoice.total}.")
    invoice.trust_applied = amount
    invoice.trust_review = Invoice.TrustReview.APPLIED
    if user is not None:
        invoice._history_user = user
    invoice.save(update_fields=["trust_applied", "trust_review"])
