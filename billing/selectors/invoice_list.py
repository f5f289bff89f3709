"""The invoices list: every invoice a user may see, in every status, searched, filtered, sorted
and totalled; and the same rows as CSV cells."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    F,
    OrderBy,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from billing.models import ClioUser, Invoice
from billing.selectors.invoices import invoices_visible

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django_stubs_ext import WithAnnotations

OVERDUE = "overdue"
# Statuses still owed by the client: "overdue" is one of them past its due date.
OWED_STATUSES = (Invoice.Status.SENT, Invoice.Status.PARTIALLY_PAID)
# Nothing is owed on these, whatever the figures say.
NOTHING_DUE_STATUSES = (Invoice.Status.VOID, Invoice.Status.REJECTED)

DEFAULT_SORT = "-created_at"
SORTS: dict[str, str] = {
    "number": "number",
    "client": "matter__client__name",
    "matter": "matter__display_number",
    "status": "status",
    "total": "total",
    "amount_due": "due",
    "sent_at": "sent_at",
    "due_date": "due_date",
    "created_at": "created_at",
}

MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=12, decimal_places=2)
ZERO = Value(Decimal("0.00"), output_field=MONEY)


class InvoiceListAnnotations(TypedDict):
    due: Decimal
    listed_at: datetime
    overdue: bool


@dataclass(frozen=True)
class InvoiceListFilters:
    q: str = ""
    status: str = ""
    attorney: int | None = None
    practice_area: str = ""
    # Firm-local calendar days, inclusive, of ``listed_at`` (sent, or created if never sent).
    date_from: date | None = None
    date_to: date | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None


def invoice_list_sort(raw: str) -> str:
    """The whitelisted sort ``raw`` names, or the default (an unknown column is no error)."""
    return raw if raw.lstrip("-") in SORTS and raw.count("-") <= 1 else DEFAULT_SORT


def invoice_list(
    *,
    user: User | AnonymousUser,
    filters: InvoiceListFilters,
    sort: str = DEFAULT_SORT,
    now: datetime,
) -> QuerySet[WithAnnotations[Invoice, InvoiceListAnnotations]]:
    """Invoices ``user`` may see, in every status, filtered and sorted; no row costs a query."""
    today = now.astimezone(ZoneInfo(settings.FIRM_TIME_ZONE)).date()
    invoices = (
        invoices_visible(user=user)
        .select_related("matter", "matter__client", "matter__responsible_attorney")
        .annotate(
            due=Case(
                When(status__in=NOTHING_DUE_STATUSES, then=ZERO),
                default=F("total") - F("trust_applied") - F("amount_paid"),
                output_field=MONEY,
            ),
            listed_at=Coalesce("sent_at", "created_at"),
            overdue=Case(
                When(_overdue_q(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
    )
    if filters.q:
        invoices = invoices.filter(
            Q(number__icontains=filters.q)
            | Q(matter__display_number__icontains=filters.q)
            | Q(matter__description__icontains=filters.q)
            | Q(matter__client__name__icontains=filters.q)
        )
    if filters.status == OVERDUE:
        invoices = invoices.filter(_overdue_q(today))
    elif filters.status:
        invoices = invoices.filter(status=filters.status)
    if filters.attorney:
        invoices = invoices.filter(matter__responsible_attorney_id=filters.attorney)
    if filters.practice_area:
        invoices = invoices.filter(matter__practice_area=filters.practice_area)
    if filters.date_from is not None:
        invoices = invoices.filter(listed_at__gte=firm_midnight(filters.date_from))
    if filters.date_to is not None:
        invoices = invoices.filter(listed_at__lt=firm_midnight(filters.date_to + timedelta(1)))
    if filters.amount_min is not None:
        invoices = invoices.filter(total__gte=filters.amount_min)
    if filters.amount_max is not None:
        invoices = invoices.filter(total__lte=filters.amount_max)
    return invoices.order_by(*_ordering(invoice_list_sort(sort)))


def invoice_list_totals(*, invoices: QuerySet[Invoice]) -> dict[str, Any]:
    """Count, total, amount due and paid (LawPay and trust) of ``invoices``: one query."""
    return invoices.order_by().aggregate(
        # Summing the row's CASE loses the cents on SQLite; a filtered sum says the same. It
        # comes before "total", which would otherwise name the aggregate, not the column.
        due=Sum(
            F("total") - F("trust_applied") - F("amount_paid"),
            filter=~Q(status__in=NOTHING_DUE_STATUSES),
            default=Decimal("0.00"),
        ),
        count=Count("pk"),
        total=Sum("total", default=Decimal("0.00")),
        paid=Sum(F("amount_paid") + F("trust_applied"), default=Decimal("0.00")),
    )


def invoice_list_choices(*, user: User | AnonymousUser) -> dict[str, list[Any]]:
    """The attorneys and practice areas of the invoices ``user`` may see, for the filters."""
    visible = invoices_visible(user=user)
    attorneys = ClioUser.objects.filter(
        pk__in=visible.values("matter__responsible_attorney")
    ).order_by("name", "pk")
    areas = (
        visible.exclude(matter__practice_area="")
        .order_by("matter__practice_area")
        .values_list("matter__practice_area", flat=True)
        .distinct()
    )
    return {"attorneys": list(attorneys), "practice_areas": list(areas)}


CSV_HEADER = (
    "Number",
    "Status",
    "Client",
    "Matter",
    "Attorney",
    "Practice area",
    "Created",
    "Sent",
    "Due date",
    "Total",
    "Trust applied",
    "Paid",
    "Amount due",
)


def invoice_list_csv_rows(
    *, invoices: Iterable[WithAnnotations[Invoice, InvoiceListAnnotations]]
) -> Iterator[list[str]]:
    """The header, then one row per invoice, as text (the view makes it safe for spreadsheets)."""
    yield list(CSV_HEADER)
    zone = ZoneInfo(settings.FIRM_TIME_ZONE)
    for invoice in invoices:
        matter = invoice.matter
        cells = [
            invoice.number or "",
            "Overdue" if invoice.overdue else invoice.get_status_display(),
            matter.client.name if matter.client else "",
            matter.display_number,
            matter.responsible_attorney.name if matter.responsible_attorney else "",
            matter.practice_area,
            invoice.created_at.astimezone(zone).date().isoformat(),
            invoice.sent_at.astimezone(zone).date().isoformat() if invoice.sent_at else "",
            invoice.due_date.isoformat() if invoice.due_date else "",
            f"{invoice.total:.2f}",
            f"{invoice.trust_applied:.2f}",
            f"{invoice.amount_paid:.2f}",
            f"{invoice.due:.2f}",
        ]
        yield cells


def _overdue_q(today: date) -> Q:
    return Q(status__in=OWED_STATUSES, due_date__lt=today)


def firm_midnight(day: date) -> datetime:
    """The start of ``day`` in the firm's time zone (list filters are firm-local days)."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.FIRM_TIME_ZONE))


def _ordering(sort: str) -> list[OrderBy]:
    field = SORTS[sort.lstrip("-")]
    descending = sort.startswith("-")
    # Drafts have no number and unsent invoices no sent date: those go last either way.
    primary = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
    tiebreak = F("pk").desc() if descending else F("pk").asc()
    return [primary, tiebreak]
