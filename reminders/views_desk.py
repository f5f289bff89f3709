"""The attorney's desk (flagged matters), billing staff's overdue list with "send reminder now",
and the reminder history of one invoice.

Views parse, call one service or selector, and render; actions answer with a redirect back to
the list they came from and say what happened (or why not) in a message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from accounts.requests import SignedInRequest
from billing.models import Invoice
from billing.selectors import invoices_visible
from config.params import MAX_ID, positive_id
from reminders.forms_desk import NoteForm, SnoozeForm
from reminders.models import AttorneyReview, ReminderRun, ReminderStep, ReviewAction
from reminders.selectors import (
    DESK_SHOWS,
    UNPAID,
    VIEW_DESK,
    invoice_next_step,
    invoices_overdue,
    reviews_desk_counts,
    reviews_for_desk,
    reviews_visible,
    runs_for_invoice,
    user_sees_every_flag,
)
from reminders.services.content import money
from reminders.services.reviews import (
    review_call_log,
    review_dispute,
    review_resume,
    review_snooze,
    review_write_off_request,
)
from reminders.services.rules import firm_date, reminder_steps_active
from reminders.services.scan import ReminderRefused, reminder_send_now

if TYPE_CHECKING:
    pass

PAGE_SIZE = 25
SEND = "reminders.send_reminders"


def _today() -> date:
    return firm_date(timezone.now())


def _age(invoice: Invoice, today: date) -> int | None:
    return (today - firm_date(invoice.sent_at)).days if invoice.sent_at else None


def _runs_prefetch(lookup: str) -> Prefetch:
    return Prefetch(
        lookup, queryset=ReminderRun.objects.select_related("by").order_by("day_offset", "pk")
    )


# The desk ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeskRow:
    review: AttorneyReview
    age: int | None
    unpaid: bool


@require_GET
@login_required
@permission_required(VIEW_DESK, raise_exception=True)
def desk(request: SignedInRequest) -> HttpResponse:
    show = request.GET.get("show", "waiting")
    show = show if show in DESK_SHOWS else "waiting"
    today = _today()
    reviews = reviews_for_desk(user=request.user, show=show, today=today).prefetch_related(
        _runs_prefetch("invoice__reminder_runs"),
        Prefetch("actions", queryset=ReviewAction.objects.select_related("by")),
    )
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        DeskRow(review, _age(review.invoice, today), review.invoice.status in UNPAID)
        for review in page
    ]
    counts = reviews_desk_counts(user=request.user, today=today)
    tabs = [(key, label, counts[key]) for key, label in DESK_SHOWS.items()]
    context = {
        "page": page,
        "rows": rows,
        "show": show,
        "tabs": tabs,
        "every_flag": user_sees_every_flag(user=request.user),
        "firm_tz": settings.FIRM_TIME_ZONE,
        "tomorrow": today + timedelta(days=1),
    }
    return render(request, "reminders/desk.html", context)


def _review(request: SignedInRequest, pk: int) -> AttorneyReview:
    # Through reviews_visible: another attorney's flag is a 404, as if it did not exist.
    review = reviews_visible(user=request.user).filter(pk=pk).first() if pk <= MAX_ID else None
    if review is None:
        raise Http404("No such flagged matter on your desk.")
    return review


def _back_to_desk(request: SignedInRequest) -> HttpResponse:
    show = request.POST.get("show", "")
    params = {"show": show} if show in DESK_SHOWS else {}
    page = positive_id(request.POST.get("page"))
    if page is not None:
        params["page"] = str(page)
    url = reverse("reminders:flagged")
    return redirect(f"{url}?{urlencode(params)}" if params else url)


def _review_act(
    request: SignedInRequest,
    pk: int,
    *,
    form_class: type[NoteForm],
    act: Callable[[AttorneyReview, dict[str, Any]], object],
    done: str,  # formatted with the form's cleaned data
) -> HttpResponse:
    review = _review(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, f"{review.invoice}: {form.error_summary()}")
        return _back_to_desk(request)
    try:
        act(review, form.cleaned_data)
    except ValidationError as error:
        messages.error(request, f"{review.invoice}: {' '.join(error.messages)}")
    else:
        messages.success(request, f"{review.invoice}: {done.format(**form.cleaned_data)}")
    return _back_to_desk(request)


def _desk_action(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    return require_POST(login_required(permission_required(VIEW_DESK, raise_exception=True)(view)))


@_desk_action
def desk_log_call(request: SignedInRequest, pk: int) -> HttpResponse:
    return _review_act(
        request,
        pk,
        form_class=NoteForm,
        act=lambda review, data: review_call_log(
            review=review, user=request.user, note=data["note"]
        ),
        done="call logged; the note goes to the matter in Clio.",
    )


@_desk_action
def desk_snooze(request: SignedInRequest, pk: int) -> HttpResponse:
    return _review_act(
        request,
        pk,
        form_class=SnoozeForm,
        act=lambda review, data: review_snooze(
            review=review, user=request.user, until=data["until"], note=data["note"]
        ),
        done="snoozed until {until}: no reminders until then.",
    )


@_desk_action
def desk_resume(request: SignedInRequest, pk: int) -> HttpResponse:
    return _review_act(
        request,
        pk,
        form_class=NoteForm,
        act=lambda review, data: review_resume(review=review, user=request.user, note=data["note"]),
        done="back to waiting; reminders go on.",
    )


@_desk_action
def desk_dispute(request: SignedInRequest, pk: int) -> HttpResponse:
    return _review_act(
        request,
        pk,
        form_class=NoteForm,
        act=lambda review, data: review_dispute(
            review=review, user=request.user, note=data["note"]
        ),
        done="marked disputed; reminders stopped, trust funds untouched.",
    )


@_desk_action
def desk_write_off(request: SignedInRequest, pk: int) -> HttpResponse:
    return _review_act(
        request,
        pk,
        form_class=NoteForm,
        act=lambda review, data: review_write_off_request(
            review=review, user=request.user, note=data["note"]
        ),
        done="write-off requested; billing staff see it in Needs attention.",
    )


# Overdue invoices and "send reminder now" ---------------------------------------------------


@dataclass(frozen=True)
class OverdueRow:
    invoice: Invoice
    age: int | None
    last_run: ReminderRun | None
    next_step: ReminderStep | None
    next_due: date | None


def _overdue_row(invoice: Invoice, steps: list[ReminderStep], today: date) -> OverdueRow:
    runs = list(invoice.reminder_runs.all())
    step = invoice_next_step(steps, runs)
    sent_on = firm_date(invoice.sent_at) if invoice.sent_at else None
    next_due = sent_on + timedelta(days=step.day_offset) if step and sent_on else None
    return OverdueRow(invoice, _age(invoice, today), runs[-1] if runs else None, step, next_due)


@require_GET
@login_required
@permission_required(SEND, raise_exception=True)
def overdue(request: SignedInRequest) -> HttpResponse:
    # A NUL cannot be held or compared by PostgreSQL text; nobody searches for one.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    page = Paginator(invoices_overdue(user=request.user, query=query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    steps, today = reminder_steps_active(), _today()
    context = {
        "page": page,
        "rows": [_overdue_row(invoice, steps, today) for invoice in page],
        "q": query,
        "firm_tz": settings.FIRM_TIME_ZONE,
    }
    return render(request, "reminders/overdue.html", context)


@require_POST
@login_required
@permission_required(SEND, raise_exception=True)
def send_now(request: SignedInRequest, pk: int) -> HttpResponse:
    invoice = invoices_visible(user=request.user).filter(pk=pk).first() if pk <= MAX_ID else None
    if invoice is None:
        raise Http404("No such invoice.")
    try:
        run = reminder_send_now(invoice_id=invoice.pk, user=request.user)
    except ReminderRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"The day-{run.day_offset} reminder for {invoice} is on its way to the client "
            f"({money(run.amount_due or invoice.amount_due)} due); the scan will not send that "
            "step again.",
        )
    params = {"q": request.POST.get("q", "").replace("\x00", "")[:200]}
    page = positive_id(request.POST.get("page"))
    if page is not None:
        params["page"] = str(page)
    return redirect(f"{reverse('reminders:overdue')}?{urlencode(params)}")


# One invoice's reminder history ---------------------------------------------------------------


@require_GET
@login_required
@permission_required(VIEW_DESK, raise_exception=True)
def invoice_reminders(request: SignedInRequest, pk: int) -> HttpResponse:
    invoice = (
        invoices_visible(user=request.user)
        .select_related("matter", "matter__client", "matter__responsible_attorney")
        .filter(pk=pk)
        .first()
        if pk <= MAX_ID
        else None
    )
    if invoice is None:
        raise Http404("No such invoice.")
    runs = list(runs_for_invoice(invoice_id=invoice.pk))
    review = (
        reviews_visible(user=request.user)
        .filter(invoice_id=invoice.pk)
        .prefetch_related(Prefetch("actions", queryset=ReviewAction.objects.select_related("by")))
        .first()
    )
    unpaid = invoice.status in UNPAID
    step = invoice_next_step(reminder_steps_active(), runs) if unpaid else None
    sent_on = firm_date(invoice.sent_at) if invoice.sent_at else None
    context = {
        "invoice": invoice,
        "runs": runs,
        "review": review,
        "age": _age(invoice, _today()),
        "next_step": step,
        "next_due": sent_on + timedelta(days=step.day_offset) if step and sent_on else None,
        "may_send": unpaid and request.user.has_perm(SEND),
        "firm_tz": settings.FIRM_TIME_ZONE,
    }
    return render(request, "reminders/invoice_reminders.html", context)
