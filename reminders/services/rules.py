"""The sequence as the firm set it: steps, business hours, opt-outs (reminder rules page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template import Context, Template, TemplateSyntaxError

from billing.models import Client, Matter
from reminders.models import ReminderOptOut, ReminderSettings, ReminderStep

if TYPE_CHECKING:
    from django.contrib.auth.models import User

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def firm_zone() -> ZoneInfo:
    return ZoneInfo(settings.FIRM_TIME_ZONE)


def firm_date(moment: datetime) -> date:
    """The calendar day of ``moment`` in the firm's time zone ("day 7" counts these)."""
    return moment.astimezone(firm_zone()).date()


def reminder_settings_get() -> ReminderSettings:
    found, _ = ReminderSettings.objects.get_or_create(singleton=True)
    return found


def reminder_steps_active() -> list[ReminderStep]:
    return list(ReminderStep.objects.filter(active=True).order_by("day_offset"))


@dataclass(frozen=True)
class BusinessHours:
    days: frozenset[int]
    start: time
    end: time

    @classmethod
    def of(cls, rules: ReminderSettings) -> BusinessHours:
        return cls(
            frozenset(int(d) for d in rules.business_days), rules.business_start, rules.business_end
        )

    def contains(self, moment: datetime) -> bool:
        local = moment.astimezone(firm_zone())
        return local.weekday() in self.days and self.start <= local.time() < self.end

    def next_start(self, moment: datetime) -> datetime | None:
        """When sending may next begin (``moment`` itself when inside the hours)."""
        if self.contains(moment):
            return moment
        local = moment.astimezone(firm_zone())
        for ahead in range(8):
            day = local.date() + timedelta(days=ahead)
            if day.weekday() not in self.days:
                continue
            opening = datetime.combine(day, self.start, tzinfo=firm_zone())
            if opening > local:
                return opening
        return None

    def describe(self) -> str:
        names = ", ".join(WEEKDAY_NAMES[d] for d in sorted(self.days)) or "no day"
        return f"{names}, {self.start:%H:%M}–{self.end:%H:%M} ({settings.FIRM_TIME_ZONE})"


def business_hours() -> BusinessHours:
    return BusinessHours.of(reminder_settings_get())


def reminder_settings_update(
    *, enabled: bool, business_days: list[int], start: time, end: time, user: User | None
) -> ReminderSettings:
    days = sorted({int(d) for d in business_days})
    if not days or any(d < 0 or d > 6 for d in days):
        raise ValidationError({"business_days": "Choose at least one day, Monday to Sunday."})
    if start >= end:
        raise ValidationError({"business_end": "The business day must end after it starts."})
    rules = reminder_settings_get()
    rules.enabled, rules.business_days = enabled, days
    rules.business_start, rules.business_end = start, end
    if user is not None:
        rules._history_user = user
    rules.save()
    return rules


# What a step's templates may use; reminders/services/content.py fills them in.
TEMPLATE_SAMPLE = {
    "client_name": "John Smith",
    "invoice_number": "R-2026-000001",
    "matter": "00001-Smith",
    "amount_due": "$1,234.56",
    "total": "$1,500.00",
    "amount_paid": "$265.44",
    "sent_on": "December 7, 2026",
    "due_date": "January 6, 2027",
    "days_since_sent": 7,
    "payment_url": "https://secure.lawpay.com/pages/firm/operating?amount=123456",
    "invoice_url": "https://remit.example/i/token/",
    "firm_name": "Your firm",
}


def step_template_check(text: str, *, field: str) -> None:
    """A template that does not parse or render is refused with the reason, nothing saved."""
    try:
        Template(text).render(Context(TEMPLATE_SAMPLE))
    except TemplateSyntaxError as error:
        raise ValidationError({field: f"The template does not parse: {error}"}) from error


def reminder_step_save(
    *, step: ReminderStep | None, values: dict[str, Any], user: User | None
) -> ReminderStep:
    """Create or change a step; one active step per day (the database says so too)."""
    step = step or ReminderStep()
    for name in ("day_offset", "action", "subject", "body_text", "body_html", "active"):
        if name in values:
            setattr(step, name, values[name])
    if not 1 <= int(step.day_offset) <= 365:
        raise ValidationError({"day_offset": "A step is 1 to 365 days after the send date."})
    if step.action not in ReminderStep.Action.values:
        raise ValidationError({"action": "Choose one of the listed actions."})
    for field in ("subject", "body_text", "body_html"):
        step_template_check(getattr(step, field), field=field)
    if not step.subject.strip() or not step.body_text.strip():
        raise ValidationError({"body_text": "A step needs a subject and a text body."})
    if user is not None:
        step._history_user = user
    try:
        with transaction.atomic():
            step.save()
    except IntegrityError as error:
        raise ValidationError(
            {"day_offset": f"Another active step already runs on day {step.day_offset}."}
        ) from error
    return step


def opt_out_add(
    *, client: Client | None = None, matter: Matter | None = None, reason: str, user: User | None
) -> ReminderOptOut:
    if (client is None) == (matter is None):
        raise ValidationError("Choose a client or a matter.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why (the client asked, a payment plan, …)."})
    existing = ReminderOptOut.objects.filter(client=client, matter=matter).first()
    if existing is not None:
        return existing
    opt_out = ReminderOptOut(
        client=client, matter=matter, reason=reason.strip()[:300], created_by=user
    )
    if user is not None:
        opt_out._history_user = user
    opt_out.save()
    return opt_out


def opt_out_remove(*, opt_out: ReminderOptOut, user: User | None) -> None:
    if user is not None:
        opt_out._history_user = user
    opt_out.delete()
