"""The overdue scan (PRODUCT.md §3 event 5): due steps claimed in the database, then sent.

Each invoice is decided in its own transaction. A step is claimed by inserting its
``ReminderRun`` (unique per invoice and step) *before* anything is sent, and the email itself is
an outbox row recorded in the same transaction, so two scans at once, a scan run twice on the
same day or a worker killed half-way never send a step twice. After downtime only the latest
due step goes out; the earlier ones are recorded as missed, never sent in a burst. Invoices that
must not be reminded (paid, void, disputed, snoozed, opted out, matter closed) get each due step
recorded as skipped with the reason, so a person can see why nothing went.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from billing.models import Invoice, Matter
from integrations.outbox.record import outbox_record
from reminders.models import AttorneyReview, ReminderOptOut, ReminderRun, ReminderStep, ReviewAction
from reminders.services.content import money, reminder_context, step_render
from reminders.services.rules import (
    BusinessHours,
    firm_date,
    firm_zone,
    reminder_settings_get,
    reminder_steps_active,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

DELIVER_KIND = "reminder.deliver"
Reason = ReminderRun.Reason
Status = ReminderRun.Status
# Statuses in which an invoice is in the sequence; paid and void ones are read too, for a while
# after sending, so the step that would have come is recorded as stopped by the payment.
REMINDED = (Invoice.Status.SENT, Invoice.Status.PARTIALLY_PAID)
STOPPED = (Invoice.Status.PAID, Invoice.Status.VOID)
STOPPED_LOOKBACK_DAYS = 14


class ReminderRefused(Exception):
    """A reminder cannot be sent now; the message says why in words a person can act on."""


@dataclass
class ScanResult:
    sent: list[int] = field(default_factory=list)  # runs claimed for an email
    flagged: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    waiting: list[int] = field(default_factory=list)  # invoices held for business hours
    raced: list[int] = field(default_factory=list)  # invoices another scan decided first
    next_business_start: datetime | None = None


@dataclass(frozen=True)
class Stop:
    reason: str
    detail: str


@dataclass(frozen=True)
class _Context:
    opted_out_clients: frozenset[int]
    opted_out_matters: frozenset[int]
    snoozed: dict[int, date]  # invoice id → snoozed until


def _context(*, invoice: Invoice | None = None) -> _Context:
    """Opt-outs and snoozes the scan checks; for one ``invoice``, only the rows about it."""
    opt_outs, reviews = ReminderOptOut.objects.all(), AttorneyReview.objects.all()
    if invoice is not None:
        opt_outs = opt_outs.filter(
            Q(client_id=invoice.matter.client_id) | Q(matter_id=invoice.matter_id)
        )
        reviews = reviews.filter(invoice=invoice)
    clients, matters = set(), set()
    for client_id, matter_id in opt_outs.values_list("client_id", "matter_id"):
        if client_id:
            clients.add(client_id)
        if matter_id:
            matters.add(matter_id)
    snoozed = {
        invoice_id: until
        for invoice_id, until in reviews.filter(
            state=AttorneyReview.State.SNOOZED, snoozed_until__isnull=False
        ).values_list("invoice_id", "snoozed_until")
        if until is not None
    }
    return _Context(frozenset(clients), frozenset(matters), snoozed)


def invoice_stop(*, invoice: Invoice, today: date, context: _Context | None = None) -> Stop | None:
    """Why ``invoice`` must get no reminder today, or ``None`` when it may."""
    context = context or _context(invoice=invoice)
    matter = invoice.matter
    if invoice.status == Invoice.Status.PAID:
        return Stop(
            Reason.PAID, f"Paid{f' on {firm_date(invoice.paid_at)}' if invoice.paid_at else ''}."
        )
    if invoice.status == Invoice.Status.VOID:
        return Stop(Reason.VOID, "The invoice was voided.")
    if invoice.status not in REMINDED:
        return Stop(Reason.NOTHING_DUE, f"The invoice is {invoice.get_status_display().lower()}.")
    if invoice.amount_due <= 0:
        return Stop(Reason.NOTHING_DUE, "Nothing is left to pay.")
    if invoice.disputed_at is not None:
        return Stop(Reason.DISPUTED, f"Marked disputed on {firm_date(invoice.disputed_at)}.")
    # A final invoice exists because the matter closed (billing's "matter closed" trigger): it
    # is reminded like any other; every other invoice on a closed matter is not.
    if matter.status == Matter.Status.CLOSED and invoice.trigger != Invoice.Trigger.MATTER_CLOSED:
        return Stop(Reason.MATTER_CLOSED, f"Matter {matter.display_number} is closed in Clio.")
    if matter.client_id in context.opted_out_clients:
        return Stop(Reason.OPTED_OUT_CLIENT, "The client gets no reminders (reminder rules).")
    if matter.pk in context.opted_out_matters:
        return Stop(Reason.OPTED_OUT_MATTER, "The matter gets no reminders (reminder rules).")
    until = context.snoozed.get(invoice.pk)
    if until is not None and until > today:
        return Stop(Reason.SNOOZED, f"Snoozed until {until}.")
    return None


def _candidates(*, steps: list[ReminderStep], now: datetime) -> Iterator[Invoice]:
    first, last = steps[0], steps[-1]
    # A day of slack either way: "day N" is counted in the firm's time zone, not in UTC.
    sent_before = now - timedelta(days=first.day_offset - 1)
    stopped_since = now - timedelta(days=last.day_offset + STOPPED_LOOKBACK_DAYS)
    invoices = (
        Invoice.objects.filter(sent_at__isnull=False, sent_at__lte=sent_before)
        .filter(Q(status__in=REMINDED) | Q(status__in=STOPPED, sent_at__gte=stopped_since))
        .exclude(reminder_runs__step=last)
        .select_related("matter")
        .prefetch_related(
            Prefetch(
                "reminder_runs",
                queryset=ReminderRun.objects.only("step_id", "day_offset", "invoice_id"),
            )
        )
        .order_by("sent_at", "pk")
    )
    # In chunks: memory stays flat however many invoices are in the sequence.
    return invoices.iterator(chunk_size=500)


def reminders_scan(*, now: datetime | None = None) -> ScanResult:
    """Claim and start every step that is due. Safe to run at any time, twice, or at once."""
    now = now or timezone.now()
    result = ScanResult()
    rules = reminder_settings_get()
    steps = reminder_steps_active()
    if not rules.enabled or not steps:
        return result
    hours = BusinessHours.of(rules)
    open_now = hours.contains(now)
    if not open_now:
        result.next_business_start = hours.next_start(now)
    context = _context()
    today = firm_date(now)
    for invoice in _candidates(steps=steps, now=now):
        try:
            _invoice_scan(
                invoice=invoice,
                steps=steps,
                now=now,
                today=today,
                open_now=open_now,
                context=context,
                result=result,
            )
        except IntegrityError:
            # Another scan (or a manual send) claimed a step of this invoice first.
            result.raced.append(invoice.pk)
    return result


def _invoice_scan(
    *,
    invoice: Invoice,
    steps: list[ReminderStep],
    now: datetime,
    today: date,
    open_now: bool,
    context: _Context,
    result: ScanResult,
) -> None:
    sent_on = firm_date(invoice.sent_at)  # type: ignore[arg-type]  # filtered: not null
    days = (today - sent_on).days
    done = {run.step_id: run.day_offset for run in invoice.reminder_runs.all()}
    due = [s for s in steps if s.day_offset <= days and s.pk not in done]
    if not due:
        return
    stop = invoice_stop(invoice=invoice, today=today, context=context)
    if stop is None and not open_now:
        result.waiting.append(invoice.pk)
        return
    with transaction.atomic():
        if stop is not None:
            for step in due:
                run = _claim(
                    invoice,
                    step,
                    sent_on=sent_on,
                    now=now,
                    status=Status.SKIPPED,
                    reason=stop.reason,
                    detail=stop.detail,
                )
                result.skipped.append(run.pk)
            return
        latest_done = max(done.values(), default=0)
        latest = next((s for s in reversed(due) if s.day_offset > latest_done), None)
        # The latest due step is claimed first: a competing scan then fails on it at once.
        if latest is not None:
            run = _claim(invoice, latest, sent_on=sent_on, now=now, status=Status.SENDING)
            _act(run=run, invoice=invoice, step=latest, now=now, result=result)
        for step in due:
            if step is latest:
                continue
            later = latest.day_offset if latest is not None else latest_done
            run = _claim(
                invoice,
                step,
                sent_on=sent_on,
                now=now,
                status=Status.SKIPPED,
                reason=Reason.MISSED,
                detail=f"The day-{later} step was already due when Remit scanned; only the latest "
                "due step is sent.",
            )
            result.skipped.append(run.pk)


def _claim(
    invoice: Invoice,
    step: ReminderStep,
    *,
    sent_on: date,
    now: datetime,
    status: str,
    reason: str = "",
    detail: str = "",
    manual: bool = False,
    user: User | None = None,
) -> ReminderRun:
    # Called inside the invoice's transaction: a clash on the unique (invoice, step) aborts the
    # whole decision for the invoice, which is what a lost race should do.
    return ReminderRun.objects.create(
        invoice=invoice,
        step=step,
        day_offset=step.day_offset,
        action=step.action,
        due_on=sent_on + timedelta(days=step.day_offset),
        status=status,
        reason=reason,
        detail=detail[:300],
        manual=manual,
        by=user,
        amount_due=invoice.amount_due,
        claimed_at=now,
        done_at=now if status == Status.SKIPPED else None,
    )


def _act(
    *, run: ReminderRun, invoice: Invoice, step: ReminderStep, now: datetime, result: ScanResult
) -> None:
    if step.sends_email:
        reminder_delivery_record(run=run)
        result.sent.append(run.pk)
        return
    review_flag(run=run, invoice=invoice, step=step, now=now)
    result.flagged.append(run.pk)


def reminder_delivery_record(*, run: ReminderRun) -> None:
    outbox_record(
        kind=DELIVER_KIND,
        dedupe_key=f"{DELIVER_KIND}:{run.pk}",
        payload={"run_id": run.pk},
        aggregate=f"invoice:{run.invoice_id}",
    )


def review_flag(
    *, run: ReminderRun, invoice: Invoice, step: ReminderStep, now: datetime
) -> AttorneyReview:
    """The flag step: the invoice goes on its attorney's desk, and Clio gets a task and a note."""
    matter = Matter.objects.select_related(
        "client", "responsible_attorney", "originating_attorney"
    ).get(pk=invoice.matter_id)
    invoice.matter = matter  # the texts below read its client
    attorney = matter.responsible_attorney or matter.originating_attorney
    review, _created = AttorneyReview.objects.get_or_create(
        invoice=invoice,
        defaults={
            "matter": matter,
            "run": run,
            "flagged_at": now,
            "assigned_to": attorney.name if attorney else "",
        },
    )
    # A second flag step on the same invoice keeps the review as the attorney left it.
    ReviewAction.objects.create(
        review=review,
        kind=ReviewAction.Kind.FLAGGED,
        at=now,
        note=f"Day {run.day_offset}: {money(invoice.amount_due)} still due.",
    )
    ReminderRun.objects.filter(pk=run.pk).update(status=Status.FLAGGED, done_at=now)
    context = reminder_context(invoice=invoice, payment_url="", invoice_url="")
    subject, text = step_render(step.subject, context), step_render(step.body_text, context)
    if attorney is not None:
        outbox_record(
            kind="clio.task.create",
            dedupe_key=f"reminders:run:{run.pk}:task",
            payload={
                "clio_matter_id": matter.clio_id,
                "assignee_clio_user_id": attorney.clio_id,
                "name": subject[:255],
                "description": text,
                # Clio's task ``due_at`` is a date-time (OpenAPI 4.0.13): noon of today, firm time.
                "due_at": datetime.combine(
                    firm_date(now), time(12), tzinfo=firm_zone()
                ).isoformat(),
                "priority": "High",
            },
            aggregate=f"invoice:{invoice.pk}",
        )
    outbox_record(
        kind="clio.note.create",
        dedupe_key=f"reminders:run:{run.pk}:note",
        payload={
            "clio_matter_id": matter.clio_id,
            "subject": f"Remit: invoice {invoice.number} flagged for attorney review",
            "detail": (
                f"Day {run.day_offset} of the reminder sequence: {money(invoice.amount_due)} "
                f"is still due on invoice {invoice.number}. "
                + (
                    f"A Clio task was assigned to {attorney.name}."
                    if attorney
                    else "The matter has no responsible or originating attorney in Clio, so no "
                    "task was assigned; billing staff see the flag in Remit."
                )
            ),
        },
        aggregate=f"invoice:{invoice.pk}",
    )
    return review


def reminder_send_now(*, invoice_id: int, user: User, now: datetime | None = None) -> ReminderRun:
    """Billing staff's "send reminder now": the next email step of the sequence, at once.

    It counts as that step (the scan will not send it again); it is refused, with the reason,
    when the scan would not remind this invoice either.
    """
    now = now or timezone.now()
    invoice = Invoice.objects.select_related("matter").get(pk=invoice_id)
    today = firm_date(now)
    stop = invoice_stop(invoice=invoice, today=today)
    if stop is not None:
        raise ReminderRefused(f"No reminder for {invoice}: {stop.detail}")
    if invoice.sent_at is None:
        raise ReminderRefused(f"{invoice} has not been sent yet.")
    done = dict(invoice.reminder_runs.values_list("step_id", "day_offset"))
    latest_done = max(done.values(), default=0)
    step = next(
        (
            s
            for s in reminder_steps_active()
            if s.sends_email and s.day_offset > latest_done and s.pk not in done
        ),
        None,
    )
    if step is None:
        raise ReminderRefused(
            f"Every reminder email of the sequence already went for {invoice}; it is on the "
            "attorney's desk."
        )
    try:
        with transaction.atomic():
            run = _claim(
                invoice,
                step,
                sent_on=firm_date(invoice.sent_at),
                now=now,
                status=Status.SENDING,
                manual=True,
                user=user,
                detail=f"Sent now by {user.get_full_name() or user.get_username()}.",
            )
            reminder_delivery_record(run=run)
    except IntegrityError as error:
        raise ReminderRefused(
            f"The day-{step.day_offset} reminder for {invoice} was just claimed."
        ) from error
    logger.info("reminder day %s for %s sent by hand", step.day_offset, invoice)
    return run
