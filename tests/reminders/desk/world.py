"""Sent invoices, their attorneys and their flags, built straight in the database.

The invoice went out on Monday 1 March 2027 at 10:00 firm time; day 30 flagged it; the tests
run on day 35 (Monday 5 April 2027), inside business hours.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import User

from billing.models import ClioUser, Invoice, Matter
from reminders.models import AttorneyReview, ReminderRun, ReminderStep, ReviewAction
from tests.billing.factories import ClioUserFactory, InvoiceFactory, MatterFactory
from tests.factories import UserFactory

SENT_ON = date(2027, 3, 1)


def firm_moment(day: date, at: time = time(10, 0)) -> datetime:
    return datetime.combine(day, at, tzinfo=ZoneInfo(settings.FIRM_TIME_ZONE))


SENT_AT = firm_moment(SENT_ON)
FLAGGED_AT = firm_moment(SENT_ON + timedelta(days=30))
NOW = firm_moment(SENT_ON + timedelta(days=35))
TODAY = NOW.date()


def attorney_make(username: str) -> User:
    return UserFactory(username=username, role="Attorney")


def matter_of(user: User | None, *, name: str = "Jane Counsel", **kwargs) -> Matter:
    """A matter whose responsible attorney in Clio is ``user``'s Clio user."""
    clio_user = ClioUser.objects.filter(remit_user=user).first() if user else None
    clio_user = clio_user or ClioUserFactory(name=name, remit_user=user)
    return MatterFactory(responsible_attorney=clio_user, **kwargs)


def invoice_sent(
    matter: Matter,
    *,
    total: Decimal = Decimal("1234.56"),
    sent_at: datetime = SENT_AT,
    status: str = Invoice.Status.SENT,
) -> Invoice:
    invoice = InvoiceFactory(matter=matter, total=total)
    Invoice.objects.filter(pk=invoice.pk).update(
        status=status, number=f"R-2027-{invoice.pk:06d}", sent_at=sent_at
    )
    invoice.refresh_from_db()
    return invoice


def run_record(invoice: Invoice, day: int, **kwargs) -> ReminderRun:
    step = ReminderStep.objects.get(day_offset=day, active=True)
    values = {
        "day_offset": day,
        "action": step.action,
        "due_on": SENT_ON + timedelta(days=day),
        "status": ReminderRun.Status.SENT,
        "amount_due": invoice.amount_due,
        "claimed_at": firm_moment(SENT_ON + timedelta(days=day)),
        "done_at": firm_moment(SENT_ON + timedelta(days=day), time(10, 1)),
    } | kwargs
    return ReminderRun.objects.create(invoice=invoice, step=step, **values)


def review_flag(invoice: Invoice, **kwargs) -> AttorneyReview:
    """The invoice as the day-30 step leaves it: on the attorney's desk, waiting."""
    attorney = invoice.matter.responsible_attorney
    review = AttorneyReview.objects.create(
        invoice=invoice,
        matter=invoice.matter,
        flagged_at=FLAGGED_AT,
        assigned_to=attorney.name if attorney else "",
        **kwargs,
    )
    ReviewAction.objects.create(
        review=review, kind=ReviewAction.Kind.FLAGGED, at=FLAGGED_AT, note="Day 30: still due."
    )
    return review


def flagged_matter_of(user: User | None, **matter_kwargs) -> AttorneyReview:
    return review_flag(invoice_sent(matter_of(user, **matter_kwargs)))
