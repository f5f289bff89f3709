"""Reminder data on attorney A's matter for the authorization matrix
(tests/security/access_table.py), built only by the cases that need it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from billing.models import Invoice
from reminders.models import AttorneyReview, ReminderOptOut, ReminderStep
from reminders.services.rules import firm_date
from tests.billing.factories import draft_with_lines


def review_world(w: Any) -> SimpleNamespace:
    found = getattr(w, "review_world", None)
    if found is not None:
        return found
    matter = w.mapping.matter
    now = timezone.now()
    other = draft_with_lines(matter=matter, amounts=(Decimal("360.00"),))
    Invoice.objects.filter(pk=other.pk).update(
        status=Invoice.Status.SENT, number="MATRIX-2", sent_at=now - timedelta(days=31)
    )
    w.review_world = SimpleNamespace(
        open=AttorneyReview.objects.create(invoice=w.sent, matter=matter, flagged_at=now),
        snoozed=AttorneyReview.objects.create(
            invoice=other,
            matter=matter,
            flagged_at=now,
            state=AttorneyReview.State.SNOOZED,
            snoozed_until=firm_date(now) + timedelta(days=5),
        ),
        step=ReminderStep.objects.get(day_offset=7, active=True),
        opt_out=ReminderOptOut.objects.create(client=matter.client, reason="Matrix"),
    )
    return w.review_world


def snooze_body(w: Any) -> dict[str, str]:
    return {"until": (firm_date(timezone.now()) + timedelta(days=7)).isoformat()}


def step_body(w: Any) -> dict[str, Any]:
    step = review_world(w).step
    return {
        "day_offset": step.day_offset,
        "action": step.action,
        "subject": step.subject,
        "body_text": step.body_text,
        "body_html": step.body_html,
        "active": "on",
    }


def new_step_body(w: Any) -> dict[str, Any]:
    return {**step_body(w), "day_offset": 45, "subject": "Final notice {{ invoice_number }}"}


HOURS_BODY = {
    "enabled": "on",
    "business_days": ["0", "1", "2", "3", "4"],
    "business_start": "09:00",
    "business_end": "17:00",
}
