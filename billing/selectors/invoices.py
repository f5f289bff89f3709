"""Reads of invoices: who sees which, the review queue and its annotations, the detail and API
views, what needs attention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat

from billing.models import (
    AttentionItem,
    ClioUser,
    Invoice,
    InvoiceLine,
    Matter,
    MatterMapping,
    PaymentSetup,
)
from integrations.outbox.record import outbox_messages_dead

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django_stubs_ext import WithAnnotations


# Statuses that wait for a person in the review queue.
QUEUE_STATUSES = (Invoice.Status.DRAFT, Invoice.Status.ON_HOLD)


# Statuses before delivery: what blocks them still matters.
UNSENT_STATUSES = (Invoice.Status.DRAFT, Invoice.Status.ON_HOLD, Invoice.Status.APPROVED)


def invoice_aggregate(invoice_id: int) -> str:
    """The outbox ``aggregate`` of an invoice's outbound effects."""
    return f"invoice:{invoice_id}"


def invoices_visible(*, user: User | AnonymousUser) -> QuerySet[Invoice]:
    """Invoices ``user`` may see: all with ``view_all_invoices``, else their matters' only."""
    invoices = Invoice.objects.all()
    if not user.is_authenticated:
        return invoices.none()
    if user.has_perm("billing.view_all_invoices"):
        return invoices
    return invoices.filter(
        Q(matter__responsible_attorney__remit_user=user)
        | Q(matter__originating_attorney__remit_user=user)
    )


def user_may_view_invoices(*, user: User | AnonymousUser) -> bool:
    return user.is_authenticated and (
        user.has_perm("billing.review_invoices")
        or user.has_perm("billing.view_all_invoices")
        or ClioUser.objects.filter(remit_user=user).exists()
    )


class InvoiceAnnotations(TypedDict):
    """What ``invoices_annotated`` adds to each invoice."""

    line_count: int
    mismatch_count: int
    has_open_item: bool
    has_dead_letter: bool
    has_payment_page: bool
    has_twin: bool
    oldest_work_on: date | None


def invoices_annotated(
    invoices: QuerySet[Invoice],
) -> QuerySet[WithAnnotations[Invoice, InvoiceAnnotations]]:
    """Add what the queue shows and filters on, as subqueries, so no row costs a query."""
    aggregate = Concat(Value("invoice:"), Cast(OuterRef("pk"), output_field=CharField()))
    return invoices.select_related(
        "matter",
        "matter__client",
        "matter__responsible_attorney",
        "matter__mapping",
    ).annotate(
        line_count=_line_count(Q()),
        mismatch_count=_line_count(Q(amount_mismatch=True)),
        # The queue's age is the oldest entry's (days since the work), which decides collection.
        oldest_work_on=Subquery(
            InvoiceLine.objects.filter(invoice=OuterRef("pk"), live=True)
            .order_by("date")
            .values("date")[:1]
        ),
        has_open_item=Exists(
            AttentionItem.objects.filter(invoice=OuterRef("pk"), resolved_at__isnull=True)
        ),
        has_dead_letter=Exists(outbox_messages_dead(aggregate=aggregate)),
        has_payment_page=Exists(
            PaymentSetup.objects.filter(singleton=True).exclude(payment_page_url="")
        ),
        has_twin=Exists(
            Invoice.objects.filter(
                matter=OuterRef("matter"),
                live=True,
                status__in=UNSENT_STATUSES,
                total=OuterRef("total"),
            ).exclude(pk=OuterRef("pk"))
        ),
    )


def _line_count(condition: Q) -> Coalesce:
    lines = (
        InvoiceLine.objects.filter(condition, invoice=OuterRef("pk"), live=True)
        .order_by()
        .values("invoice")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(lines, output_field=IntegerField()), 0)


def _blocked_q() -> Q:
    """The SQL side of ``invoice_blockers`` (email validity and reference length are refined
    in Python)."""
    return (
        Q(has_open_item=True)
        | Q(has_dead_letter=True)
        | Q(has_twin=True)
        | Q(has_payment_page=False)
        | (
            Q(total__lte=F("trust_applied") + F("amount_paid"))
            & ~Q(trust_applied__gt=0, status__in=[Invoice.Status.DRAFT, Invoice.Status.ON_HOLD])
        )
        | Q(trust_review=Invoice.TrustReview.PENDING)
        | (~Q(matter__status=Matter.Status.OPEN) & ~Q(trigger=Invoice.Trigger.MATTER_CLOSED))
        | Q(matter__deleted_at__isnull=False)
        | Q(matter__client__isnull=True)
        | Q(matter__client__primary_email="")
        | ~Q(matter__client__primary_email__contains="@")
        | Q(matter__mapping__isnull=True)
        | ~Q(matter__mapping__status=MatterMapping.Status.OK)
    )


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    matter: int | None = None
    attorney: int | None = None
    practice_area: str = ""
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    older_than_days: int | None = None
    blocked: bool | None = None


def invoice_queue(
    *, user: User | AnonymousUser, filters: QueueFilters, now: datetime
) -> QuerySet[WithAnnotations[Invoice, InvoiceAnnotations]]:
    """The review queue for ``user``, filtered, newest first; every row fully annotated."""
    statuses = [filters.status] if filters.status else list(QUEUE_STATUSES)
    invoices = invoices_annotated(invoices_visible(user=user).filter(status__in=statuses))
    if filters.matter:
        invoices = invoices.filter(matter_id=filters.matter)
    if filters.attorney:
        invoices = invoices.filter(matter__responsible_attorney_id=filters.attorney)
    if filters.practice_area:
        invoices = invoices.filter(matter__practice_area=filters.practice_area)
    if filters.amount_min is not None:
        invoices = invoices.filter(total__gte=filters.amount_min)
    if filters.amount_max is not None:
        invoices = invoices.filter(total__lte=filters.amount_max)
    if filters.older_than_days is not None:
        invoices = invoices.filter(created_at__lte=now - timedelta(days=filters.older_than_days))
    if filters.blocked is True:
        invoices = invoices.filter(_blocked_q())
    elif filters.blocked is False:
        invoices = invoices.exclude(_blocked_q())
    return invoices.order_by("-created_at", "-pk")


def invoice_queue_counts(*, invoices: QuerySet[Invoice]) -> dict[str, object]:
    """How many invoices, their total and how many are blocked: one query."""
    return invoices.order_by().aggregate(
        count=Count("pk", distinct=True),
        amount=Sum("total", default=Decimal("0.00")),
        blocked=Count("pk", filter=_blocked_q(), distinct=True),
    )


def queue_filter_choices(*, user: User | AnonymousUser) -> dict[str, list[Any]]:
    visible = invoices_visible(user=user).filter(status__in=QUEUE_STATUSES)
    attorneys = ClioUser.objects.filter(
        pk__in=visible.values("matter__responsible_attorney")
    ).order_by("name")
    areas = (
        visible.exclude(matter__practice_area="")
        .order_by("matter__practice_area")
        .values_list("matter__practice_area", flat=True)
        .distinct()
    )
    return {"attorneys": list(attorneys), "practice_areas": list(areas)}


class InvoiceDetailAnnotations(InvoiceAnnotations):
    """``invoice_detail`` adds the prefetched lists too."""

    live_lines: list[InvoiceLine]
    open_attention: list[AttentionItem]


def invoice_detail(
    *, user: User | AnonymousUser, invoice_id: int
) -> WithAnnotations[Invoice, InvoiceDetailAnnotations]:
    """One visible invoice with its live lines (a rejected one: the lines it had); raises
    ``Invoice.DoesNotExist`` otherwise."""
    shown = Q(live=True) | Q(invoice__status=Invoice.Status.REJECTED)
    return (
        invoices_annotated(invoices_visible(user=user))
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=InvoiceLine.objects.filter(shown).select_related("activity"),
                to_attr="live_lines",
            ),
            Prefetch(
                "attention_items",
                queryset=AttentionItem.objects.filter(resolved_at__isnull=True),
                to_attr="open_attention",
            ),
        )
        .get(pk=invoice_id)
    )


def invoices_for_api(*, user: User | AnonymousUser) -> QuerySet[Invoice]:
    return (
        invoices_visible(user=user)
        .select_related("matter")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=InvoiceLine.objects.filter(live=True).select_related("activity"),
                to_attr="live_lines",
            )
        )
        .order_by("-created_at", "-pk")
    )


def attention_invoices(
    *, user: User | AnonymousUser
) -> QuerySet[WithAnnotations[Invoice, InvoiceAnnotations]]:
    """Unsent invoices that something blocks, and any invoice with an open item."""
    invoices = invoices_annotated(invoices_visible(user=user))
    return (
        invoices.filter(
            Q(status__in=UNSENT_STATUSES, live=True) & _blocked_q() | Q(has_open_item=True)
        )
        .prefetch_related(
            Prefetch(
                "attention_items",
                queryset=AttentionItem.objects.filter(resolved_at__isnull=True),
                to_attr="open_attention",
            )
        )
        .order_by("created_at", "pk")
    )


def attention_items_unattached(*, user: User | AnonymousUser) -> QuerySet[AttentionItem]:
    """Open items about a matter rather than an invoice (e.g. a flat fee without amount)."""
    items = AttentionItem.objects.filter(invoice__isnull=True, resolved_at__isnull=True)
    if not user.has_perm("billing.view_all_invoices"):
        items = items.filter(
            Q(matter__responsible_attorney__remit_user=user)
            | Q(matter__originating_attorney__remit_user=user)
        )
    return items.select_related("matter").order_by("created_at")


def lines_out_of_date() -> QuerySet[InvoiceLine]:
    """Live lines whose Clio entry changed (or went) since the line was drawn from it."""
    return (
        InvoiceLine.objects.filter(live=True, activity__isnull=False, invoice__live=True)
        .filter(
            ~Q(source_changed_at=F("activity__content_changed_at"))
            | Q(source_changed_at__isnull=True)
            | Q(activity__deleted_at__isnull=False, changed_after_invoicing=False)
            | ~Q(activity__matter_id=F("invoice__matter_id"))
        )
        .exclude(
            # Already flagged on a sent invoice and not changed again: nothing new to say.
            Q(changed_after_invoicing=True, source_changed_at=F("activity__content_changed_at"))
        )
    )


def drafts_on_closed_matters() -> QuerySet[Invoice]:
    """Drafts to hold because their matter closed or went in Clio; a final draft exists because
    its matter closed, so only the matter's deletion holds it."""
    closed = Q(matter__status=Matter.Status.CLOSED) & ~Q(trigger=Invoice.Trigger.MATTER_CLOSED)
    return Invoice.objects.filter(status=Invoice.Status.DRAFT).filter(
        closed | Q(matter__deleted_at__isnull=False)
    )
