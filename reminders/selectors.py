"""What the desk and the reminder history show, and to whom."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.utils import timezone

from billing.models import Invoice
from reminders.models import AttorneyReview, ReminderRun
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


@dataclass(frozen=True)
class DeskFilter:
    show: str = "waiting"  # waiting | snoozed | disputed | write_off | settled | all


DESK_SHOWS = {
    "waiting": "Waiting for you",
    "snoozed": "Snoozed",
    "disputed": "Disputed",
    "write_off": "Write-off requested",
    "settled": "Paid or void",
    "all": "All",
}


def reviews_for_desk(
    *, user: User | AnonymousUser, show: str = "waiting", today: date | None = None
) -> QuerySet[AttorneyReview]:
    today = today or firm_date(timezone.now())
    reviews = reviews_visible(user=user)
    unpaid = Q(invoice__status__in=UNPAID)
    snooze_over = Q(state=AttorneyReview.State.SNOOZED, snoozed_until__lte=today)
    waiting = unpaid & (Q(state=AttorneyReview.State.OPEN) | snooze_over)
    by_show = {
        "waiting": waiting,
        "snoozed": unpaid & Q(state=AttorneyReview.State.SNOOZED, snoozed_until__gt=today),
        "disputed": unpaid & Q(state=AttorneyReview.State.DISPUTED),
        "write_off": unpaid & Q(state=AttorneyReview.State.WRITE_OFF_REQUESTED),
        "settled": ~unpaid,
        "all": Q(),
    }
    return reviews.filter(by_show.get(show, waiting)).order_by("flagged_at", "pk")


def reviews_waiting_count(*, user: User | AnonymousUser) -> int:
    return reviews_for_desk(user=user, show="waiting").count()


def runs_for_invoice(*, invoice_id: int) -> QuerySet[ReminderRun]:
    return (
        ReminderRun.objects.filter(invoice_id=invoice_id)
        .select_related("by")
        .order_by("day_offset", "pk")
    )
