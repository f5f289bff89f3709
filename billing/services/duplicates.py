"""Duplicate protection before a payment link goes out (PRODUCT.md §3.2, issue 6).

The LawPay half (a live transaction already carries the reference) is looked up by the
delivery handler; this module holds Remit's half and what happens when either finds one.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Q, QuerySet

from billing.models import AttentionItem, Invoice
from billing.services.attention import attention_item_open
from integrations.outbox.record import outbox_record

logger = logging.getLogger(__name__)

# Statuses in which an invoice has gone, or is going, to the client.
DELIVERED = (Invoice.Status.SENT, Invoice.Status.PARTIALLY_PAID, Invoice.Status.PAID)


def invoice_duplicates_find(*, invoice: Invoice) -> QuerySet[Invoice]:
    """Other live invoices already delivered for the same matter, period and amount.

    One live invoice per matter and period key is a database constraint, so what is left to
    catch is a second invoice over an overlapping period for the same total (e.g. a threshold
    draft and a calendar draft covering the same work).
    """
    overlapping = Q(period_end__gte=invoice.period_start) if invoice.period_start else Q()
    if invoice.period_end:
        overlapping &= Q(period_start__isnull=True) | Q(period_start__lte=invoice.period_end)
    return (
        Invoice.objects.filter(
            matter_id=invoice.matter_id, live=True, status__in=DELIVERED, total=invoice.total
        )
        .filter(overlapping)
        .exclude(pk=invoice.pk)
        .order_by("pk")
    )


def invoice_duplicate_block(*, invoice: Invoice, evidence: list[str]) -> AttentionItem:
    """Do not send: log it, raise "suspected duplicate" and email the billing admins."""
    detail = f"{invoice.number} was not sent: " + "; ".join(evidence)
    logger.warning("duplicate protection blocked invoice %s: %s", invoice.number, detail)
    with transaction.atomic():
        item = attention_item_open(
            invoice=invoice,
            reason=AttentionItem.Reason.SUSPECTED_DUPLICATE,
            detail=detail,
            fix="Check LawPay and the invoices listed; void this invoice if it is a duplicate.",
        )
        outbox_record(
            kind="billing.admin_alert",
            dedupe_key=f"billing.admin_alert:duplicate:{invoice.pk}:{item.pk}",
            payload={
                "subject": f"Remit blocked a suspected duplicate invoice: {invoice.number}",
                "body": f"{detail}\n\nMatter: {invoice.matter.display_number}\n"
                f"Total: {invoice.total} USD\n\nIt is listed under Needs attention.",
            },
            aggregate=f"invoice:{invoice.pk}",
        )
    return item
