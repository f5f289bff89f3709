"""The payments list: every LawPay payment Remit recorded, searched, filtered and totalled; and
the same rows as CSV cells. The list and its export read one selector, so they agree."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Sum

from billing.models import Payment
from billing.selectors.invoice_list import firm_midnight

# The statuses a person filters by, in plain words: a recorded payment is "received" until part
# or all of it is refunded; "reversed" is voided, failed or returned after it counted.
STATUSES = {
    "received": "Received",
    "partly_refunded": "Partly refunded",
    "refunded": "Refunded",
    "reversed": "Reversed",
    "unmatched": "Unmatched (no invoice yet)",
}

METHODS = dict(Payment.Method.choices)


@dataclass(frozen=True)
class PaymentListFilters:
    q: str = ""
    status: str = ""
    method: str = ""
    # Firm-local calendar days, inclusive, of ``received_at``.
    date_from: date | None = None
    date_to: date | None = None


def payment_status_label(payment: Payment) -> str:
    """The plain word for one payment, as the list's status filter names it."""
    if payment.status == Payment.Status.REVERSED:
        return STATUSES["reversed"]
    if payment.amount_refunded and payment.amount_refunded >= payment.amount:
        return STATUSES["refunded"]
    if payment.amount_refunded:
        return STATUSES["partly_refunded"]
    return STATUSES["received"]


def _status_q(status: str) -> Q:
    recorded = Q(status=Payment.Status.RECORDED)
    return {
        "received": recorded & Q(amount_refunded=0),
        "partly_refunded": recorded & Q(amount_refunded__gt=0, amount_refunded__lt=F("amount")),
        "refunded": recorded & Q(amount_refunded__gt=0, amount_refunded__gte=F("amount")),
        "reversed": Q(status=Payment.Status.REVERSED),
        "unmatched": Q(invoice__isnull=True),
    }[status]


def payment_list(*, filters: PaymentListFilters) -> QuerySet[Payment]:
    """Payments, newest first, filtered; no row costs a query."""
    payments = Payment.objects.select_related(
        "invoice", "matter", "matter__client", "matched_by"
    ).order_by("-received_at", "-pk")
    if filters.q:
        payments = payments.filter(
            Q(invoice__number__icontains=filters.q)
            | Q(matter__display_number__icontains=filters.q)
            | Q(matter__client__name__icontains=filters.q)
            | Q(lawpay_transaction_id__icontains=filters.q)
            | Q(reference__icontains=filters.q)
        )
    if filters.status in STATUSES:
        payments = payments.filter(_status_q(filters.status))
    if filters.method:
        payments = payments.filter(method=filters.method)
    if filters.date_from is not None:
        payments = payments.filter(received_at__gte=firm_midnight(filters.date_from))
    if filters.date_to is not None:
        payments = payments.filter(received_at__lt=firm_midnight(filters.date_to + timedelta(1)))
    return payments


def payment_list_totals(*, payments: QuerySet[Payment]) -> dict[str, Any]:
    """Count, amount received, refunded and net of ``payments``: one query.

    A reversed payment is counted but adds nothing: the money did not stay.
    """
    recorded = Q(status=Payment.Status.RECORDED)
    totals = payments.order_by().aggregate(
        count=Count("pk"),
        received=Sum("amount", filter=recorded, default=Decimal("0.00")),
        refunded=Sum("amount_refunded", filter=recorded, default=Decimal("0.00")),
        reversed=Sum("amount", filter=~recorded, default=Decimal("0.00")),
    )
    totals["net"] = totals["received"] - totals["refunded"]
    return totals


CSV_HEADER = (
    "Received",
    "Invoice",
    "Client",
    "Matter",
    "LawPay transaction",
    "Method",
    "Amount",
    "Refunded",
    "Status",
    "Matched by",
)


def payment_list_csv_rows(*, payments: Iterable[Payment]) -> Iterator[list[str]]:
    """The header, then one row per payment, as text (the view makes it safe for spreadsheets)."""
    yield list(CSV_HEADER)
    zone = ZoneInfo(settings.FIRM_TIME_ZONE)
    for payment in payments:
        matter = payment.matter
        yield [
            payment.received_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            (payment.invoice.number or "Draft") if payment.invoice else "unmatched",
            matter.client.name if matter and matter.client else "",
            matter.display_number if matter else "",
            payment.lawpay_transaction_id,
            payment.get_method_display() if payment.method else "",
            f"{payment.amount:.2f}",
            f"{payment.amount_refunded:.2f}",
            payment_status_label(payment),
            payment.matched_by.get_username() if payment.matched_by else "",
        ]
