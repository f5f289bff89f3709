"""What the home page counts: how much is waiting in each queue the user can open."""

from __future__ import annotations

from collections.abc import Callable

from billing.models import Invoice
from billing.selectors import attention_invoices, attention_items_unattached, invoices_visible
from billing.services.payments import payments_unmatched
from integrations.health import integration_health_get
from integrations.models import MailboxMessage

# Only queues that hold work; pages like "Billing rules" have nothing to count.
QUEUE_COUNTS: dict[str, Callable[[object], int]] = {
    "billing:review": lambda user: (
        invoices_visible(user=user)
        .filter(status__in=(Invoice.Status.DRAFT, Invoice.Status.ON_HOLD), live=True)
        .count()
    ),
    "billing:attention": lambda user: (
        attention_invoices(user=user).count() + attention_items_unattached(user=user).count()
    ),
    "payments:unmatched": lambda user: payments_unmatched().count(),
    "mailbox:inbox": lambda user: MailboxMessage.objects.count(),
    "integrations:health": lambda user: len(integration_health_get().problems),
}


def queue_counts(*, user, url_names: list[str]) -> dict[str, int]:
    return {name: QUEUE_COUNTS[name](user) for name in url_names if name in QUEUE_COUNTS}
