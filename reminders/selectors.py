"""What the desk and the reminder history show, and to whom."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from billing.models import Invoice
from billing.selectors import invoices_visible
from reminders.models import AttorneyReview, ReminderRun, ReminderStep
from reminders.services.rules import firm_date

VIEW_ALL = "reminders.view_all_flags"
VIEW_DESK = "reminders.view_flagged_matters"
UNPAID = (Invoice.Status.SENT, Invoice.Status.PARTIALLY_PAID)


def user_sees_every_flag(*, user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.has_perm(VIEW_ALL)


def reviews_visible(*, user: User | AnonymousUser) -> QuerySet[AttorneyReview]:
    """Billing staff: every flag; an attorney: their matters (responsible or originating)."""
    reviews = AttorneyReview.objects.select_related(
        "invoice", "matter", "matter__client", "matter__responsible_attorney"
    )
    if not user.is_authenticated or not user.has_perm(VIEW_DESK):
        return reviews.none()
    if user_sees_every_flag(user=user):
        return reviews
    return reviews.filter(
        Q(matter__responsible_attorney__remit_user=user)
        | Q(matter__originating_attorney__remit_user=user)
    )


DESK_SHOWS = {
    "waiting": "Waiting for you",
    "snoozed": "Snoozed",
    "disputed": "Disputed",
    "write_off": "Write-off requested",
    "settled": "Paid or void",
    "all": "All",
}


def _desk_filters(today: date) -> dict[str, Q]:
    unpaid = Q(invoice__status__in=UNPAID)
    # A snooze that has ended puts the review back on the waiting list by itself.
    snooze_over = Q(state=AttorneyReview.State.SNOOZED, snoozed_until__lte=today)
    return {
        "waiting": unpaid & (Q(state=AttorneyReview.State.OPEN) | snooze_over),
        "snoozed": unpaid & Q(state=AttorneyReview.State.SNOOZED, snoozed_until__gt=today),
        "disputed": unpaid & Q(state=AttorneyReview.State.DISPUTED),
        "write_off": unpaid & Q(state=AttorneyReview.State.WRITE_OFF_REQUESTED),
        "settled": ~unpaid,
        "all": Q(),
    }


def reviews_for_desk(
    *, user: User | AnonymousUser, show: str = "waiting", today: date | None = None
) -> QuerySet[AttorneyReview]:
    filters = _desk_filters(today or firm_date(timezone.now()))
    return (
        reviews_visible(user=user)
        .filter(filters.get(show, filters["waiting"]))
        .order_by("flagged_at", "pk")
    )


def reviews_desk_counts(*, user: User | AnonymousUser, today: date | None = None) -> dict[str, int]:
    """How many reviews each tab of the desk holds, in one query."""
    filters = _desk_filters(today or firm_date(timezone.now()))
    counts = reviews_visible(user=user).aggregate(
        **{show: Count("pk", filter=condition) for show, condition in filters.items()}
    )
    return {show: int(counts[show] or 0) for show in DESK_SHOWS}


def reviews_waiting_count(*, user: User | AnonymousUser) -> int:
    return reviews_for_desk(user=user, show="waiting").count()


def runs_for_invoice(*, invoice_id: int) -> QuerySet[ReminderRun]:
    return (
        ReminderRun.objects.filter(invoice_id=invoice_id)
        .select_related("by")
        .order_by("day_offset", "pk")
    )


def invoice_next_step(steps: list[ReminderStep], runs: list[ReminderRun]) -> ReminderStep | None:
    """The step the scan will take next: only one later than every step already done."""
    done = {run.step_id for run in runs}
    latest = max((run.day_offset for run in runs), default=0)
    return next((s for s in steps if s.day_offset > latest and s.pk not in done), None)


def invoices_overdue(*, user: User | AnonymousUser, query: str = "") -> QuerySet[Invoice]:
    """Sent invoices still unpaid that ``user`` may see, oldest first, with their runs."""
    invoices = (
        invoices_visible(user=user)
        .filter(sent_at__isnull=False, status__in=UNPAID)
        .select_related("matter", "matter__client")
        .prefetch_related(
            Prefetch(
                "reminder_runs",
                queryset=ReminderRun.objects.select_related("by").order_by("day_offset", "pk"),
            )
        )
        .order_by("sent_at", "pk")
    )
    if query:
        invoices = invoices.filter(
            Q(number__icontains=query)
            | Q(matter__display_number__icontains=query)
            | Q(matter__description__icontains=query)
            | Q(matter__client__name__icontains=query)
        )
    return invoices
