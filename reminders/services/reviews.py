"""The attorney's desk: what the attorney does with an invoice handed to them.

Every action appends a ``ReviewAction`` (the desk's history). A call is logged in Clio as a
matter note; a dispute is billing's fact (``billing.services.disputes``: it also keeps trust
untouched); a write-off request goes to billing staff's "needs attention" list with the reason.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from billing.models import AttentionItem
from billing.services.attention import attention_item_open
from billing.services.disputes import invoice_dispute_clear, invoice_dispute_mark
from integrations.outbox.record import outbox_record
from reminders.models import AttorneyReview, ReviewAction
from reminders.services.content import money
from reminders.services.rules import firm_date

if TYPE_CHECKING:
    from django.contrib.auth.models import User

State = AttorneyReview.State
Kind = ReviewAction.Kind
NOTE_MAX = 2000
SNOOZE_MAX_DAYS = 365


def _who(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _locked(review: AttorneyReview) -> AttorneyReview:
    return (
        AttorneyReview.objects.select_for_update(of=("self",))
        .select_related("invoice", "matter")
        .get(pk=review.pk)
    )


def _action(
    review: AttorneyReview, kind: str, user: User, *, note: str = "", until: date | None = None
) -> ReviewAction:
    return ReviewAction.objects.create(
        review=review, kind=kind, note=note, until=until, by=user, at=timezone.now()
    )


def _clean_note(note: str, *, required: bool, what: str) -> str:
    note = (note or "").strip()
    if required and not note:
        raise ValidationError({"note": f"Say {what}."})
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": f"Keep it under {NOTE_MAX} characters."})
    return note


def review_call_log(*, review: AttorneyReview, user: User, note: str) -> ReviewAction:
    note = _clean_note(note, required=True, what="what was said on the call")
    with transaction.atomic():
        review = _locked(review)
        action = _action(review, Kind.CALL_LOGGED, user, note=note)
        outbox_record(
            kind="clio.note.create",
            dedupe_key=f"reminders:review-action:{action.pk}:note",
            payload={
                "clio_matter_id": review.matter.clio_id,
                "subject": f"Call about overdue invoice {review.invoice.number}",
                "detail": f"{_who(user)} called the client about invoice "
                f"{review.invoice.number} ({money(review.invoice.amount_due)} due):\n{note}",
            },
            aggregate=f"invoice:{review.invoice_id}",
        )
    return action


def review_snooze(
    *, review: AttorneyReview, user: User, until: date, note: str = ""
) -> AttorneyReview:
    """No reminders and off the "waiting" list until ``until`` (a later day, within a year)."""
    today = firm_date(timezone.now())
    if until <= today:
        raise ValidationError({"until": "Snooze until a day after today."})
    if until > today + timedelta(days=SNOOZE_MAX_DAYS):
        raise ValidationError({"until": "Snooze for at most a year."})
    note = _clean_note(note, required=False, what="why")
    with transaction.atomic():
        review = _locked(review)
        review.state, review.snoozed_until = State.SNOOZED, until
        review._history_user = user  # type: ignore[attr-defined]
        review.save(update_fields=["state", "snoozed_until", "updated_at"])
        _action(review, Kind.SNOOZED, user, note=note, until=until)
    return review


def review_resume(*, review: AttorneyReview, user: User, note: str = "") -> AttorneyReview:
    """Back to waiting: a snooze ends now, a dispute is cleared (reminders go on)."""
    note = _clean_note(note, required=False, what="why")
    with transaction.atomic():
        review = _locked(review)
        if review.state == State.OPEN:
            raise ValidationError("This review is already waiting for the attorney.")
        if review.state == State.DISPUTED:
            invoice_dispute_clear(invoice_id=review.invoice_id, user=user)
        review.state, review.snoozed_until = State.OPEN, None
        review._history_user = user  # type: ignore[attr-defined]
        review.save(update_fields=["state", "snoozed_until", "updated_at"])
        _action(review, Kind.RESUMED, user, note=note)
    return review


def review_dispute(*, review: AttorneyReview, user: User, note: str) -> AttorneyReview:
    """The client disputes the invoice: reminders stop; trust funds stay where they are."""
    note = _clean_note(note, required=True, what="what the client disputes")
    with transaction.atomic():
        review = _locked(review)
        invoice_dispute_mark(invoice_id=review.invoice_id, user=user)
        review.state, review.snoozed_until = State.DISPUTED, None
        review._history_user = user  # type: ignore[attr-defined]
        review.save(update_fields=["state", "snoozed_until", "updated_at"])
        action = _action(review, Kind.DISPUTED, user, note=note)
        outbox_record(
            kind="clio.note.create",
            dedupe_key=f"reminders:review-action:{action.pk}:note",
            payload={
                "clio_matter_id": review.matter.clio_id,
                "subject": f"Invoice {review.invoice.number} disputed",
                "detail": f"{_who(user)} marked invoice {review.invoice.number} disputed; "
                f"reminders stopped, trust funds untouched.\n{note}",
            },
            aggregate=f"invoice:{review.invoice_id}",
        )
    return review


def review_write_off_request(*, review: AttorneyReview, user: User, note: str) -> AttorneyReview:
    """Ask billing staff to write the invoice off; they see it in "needs attention"."""
    note = _clean_note(note, required=True, what="why it should be written off")
    with transaction.atomic():
        review = _locked(review)
        invoice = review.invoice
        attention_item_open(
            invoice=invoice,
            reason=AttentionItem.Reason.WRITE_OFF_REQUESTED,
            detail=f"{_who(user)} asks to write off invoice {invoice.number} "
            f"({money(invoice.amount_due)} due): {note}"[:2000],
            fix="Write the balance off in Clio (and void or settle the invoice), then resolve "
            "this item.",
        )
        review.state, review.snoozed_until = State.WRITE_OFF_REQUESTED, None
        review._history_user = user  # type: ignore[attr-defined]
        review.save(update_fields=["state", "snoozed_until", "updated_at"])
        _action(review, Kind.WRITE_OFF_REQUESTED, user, note=note)
    return review
