"""The sequence as the firm set it: steps, business hours, opt-outs (reminder rules page)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template import Context, Engine, Template, TemplateSyntaxError

from billing.models import Client, Matter
from billing.services.drafts import firm_today
from reminders.models import ReminderOptOut, ReminderSettings, ReminderStep

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# The engine a step's admin-edited text is rendered with: no template directories or app
# loaders, so ``{% include %}`` / ``{% extends %}`` cannot reach Remit's own templates.
STEP_ENGINE = Engine(dirs=[], app_dirs=False)

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def firm_zone() -> ZoneInfo:
    return ZoneInfo(settings.FIRM_TIME_ZONE)


def firm_date(moment: datetime) -> date:
    """The calendar day of ``moment`` in the firm's time zone ("day 7" counts these)."""
    return firm_today(now=moment)


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
        Template(text, engine=STEP_ENGINE).render(Context(TEMPLATE_SAMPLE))
    except TemplateSyntaxError as error:
        raise ValidationError({field: f"The template does not parse: {error}"}) from error
    except Exception as error:  # any failure to render is the admin's to fix, not a 500
        message = f"The template does not render with the sample: {error}"
        raise ValidationError({field: message}) from error


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


# What the reminder rules page reads: its lists and the history of changes.


def reminder_steps_all() -> list[ReminderStep]:
    """Every step, switched-off ones too, in day order."""
    return list(ReminderStep.objects.order_by("day_offset", "-active", "pk"))


def opt_outs_all() -> list[ReminderOptOut]:
    return list(
        ReminderOptOut.objects.select_related("client", "matter__client", "created_by").order_by(
            "-created_at", "-pk"
        )
    )


@dataclass(frozen=True)
class RulesChange:
    """One saved change of the sequence, as the history on the rules page shows it."""

    at: datetime
    user: User | None
    kind: str  # "Added", "Changed" or "Removed"
    subject: str
    details: tuple[str, ...]


HISTORY_SHOWN = 50
_LABELS = {
    "day_offset": "Day",
    "action": "Action",
    "subject": "Subject",
    "body_text": "Text body",
    "body_html": "HTML body",
    "active": "Active",
    "enabled": "Reminders on",
    "business_days": "Business days",
    "business_start": "Start",
    "business_end": "End",
    "reason": "Reason",
}
# Template bodies run to paragraphs: the history says they changed, the step page shows them.
_LONG = {"body_text", "body_html"}
_KINDS = {"+": "Added", "~": "Changed", "-": "Removed"}
UNRECORDED_BEFORE = "Before: as installed (not recorded). Now:"


def _shown(field: str, value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if field == "business_days":
        return ", ".join(WEEKDAY_NAMES[int(d)][:3] for d in sorted(value or [])) or "no day"
    if field == "action" and value in ReminderStep.Action.values:
        return str(ReminderStep.Action(value).label)
    text = str(value)
    return text if len(text) <= 80 else f"{text[:79]}…"


def _values(record: Any, fields: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(
        f"{_LABELS[name]}: {_shown(name, getattr(record, name))}"
        for name in fields
        if name not in _LONG
    )


def _delta(record: Any, previous: Any, fields: tuple[str, ...]) -> tuple[str, ...]:
    delta = record.diff_against(previous, included_fields=list(fields))
    lines = []
    for change in sorted(delta.changes, key=lambda c: fields.index(c.field)):
        label = _LABELS[change.field]
        if change.field in _LONG:
            lines.append(f"{label} changed")
        else:
            old, new = _shown(change.field, change.old), _shown(change.field, change.new)
            lines.append(f"{label}: {old} → {new}")
    return tuple(lines)


def _history_of(
    model: Any, fields: tuple[str, ...], subject: Callable[[Any], str], *, limit: int
) -> list[RulesChange]:
    records = list(
        model.history.select_related("history_user").order_by("-history_date", "-history_id")[
            :limit
        ]
    )
    # Each record's predecessor is usually the next one of the same row in this list; only the
    # oldest shown change of a row needs a query of its own.
    newer_first: dict[int, list[Any]] = {}
    for record in records:
        newer_first.setdefault(record.id, []).append(record)
    previous: dict[int, Any] = {}
    for rows in newer_first.values():
        for newer, older in pairwise(rows):
            previous[newer.history_id] = older
        if rows[-1].history_type == "~":
            previous[rows[-1].history_id] = rows[-1].prev_record
    changes = []
    for record in records:
        before = previous.get(record.history_id)
        if record.history_type == "~" and before is not None:
            details = _delta(record, before, fields)
            if not details:
                continue  # saved without a difference
        elif record.history_type == "-":
            details = ()
        elif record.history_type == "~":
            # The defaults installed by a migration have no history row to compare with.
            details = (UNRECORDED_BEFORE, *_values(record, fields))
        else:
            details = _values(record, fields)
        changes.append(
            RulesChange(
                at=record.history_date,
                user=record.history_user,
                kind=_KINDS[record.history_type],
                subject=subject(record),
                details=details,
            )
        )
    return changes


def reminder_rules_history(*, limit: int = HISTORY_SHOWN) -> list[RulesChange]:
    """Who changed the steps, the business hours and the opt-outs, and what; newest first."""
    opt_outs = list(
        ReminderOptOut.history.order_by("-history_date", "-history_id").values_list(
            "client_id", "matter_id"
        )[:limit]
    )
    clients = Client.objects.in_bulk({c for c, _ in opt_outs if c is not None})
    matters = Matter.objects.in_bulk({m for _, m in opt_outs if m is not None})

    def opt_out_subject(record: Any) -> str:
        if record.client_id is not None:
            client = clients.get(record.client_id)
            return f"Opt-out of client {client.name if client else record.client_id}"
        matter = matters.get(record.matter_id)
        return f"Opt-out of matter {matter.display_number if matter else record.matter_id}"

    step_fields = ("day_offset", "action", "subject", "body_text", "body_html", "active")
    settings_fields = ("enabled", "business_days", "business_start", "business_end")
    changes = [
        *_history_of(
            ReminderStep, step_fields, lambda r: f"Step on day {r.day_offset}", limit=limit
        ),
        *_history_of(ReminderSettings, settings_fields, lambda r: "Business hours", limit=limit),
        *_history_of(ReminderOptOut, ("reason",), opt_out_subject, limit=limit),
    ]
    changes.sort(key=lambda change: change.at, reverse=True)
    return changes[:limit]
