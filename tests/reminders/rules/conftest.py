from __future__ import annotations

import pytest
from django.urls import reverse

from reminders.models import ReminderStep

RULES = reverse("reminders:rules")


@pytest.fixture
def admin_client(client, firm_admin):
    client.force_login(firm_admin)
    return client


def step_on(day: int) -> ReminderStep:
    """A default step of the migration (7, 21 or 30)."""
    return ReminderStep.objects.get(day_offset=day, active=True)


def step_values(step: ReminderStep, **changes) -> dict:
    """The step form's fields as the page would post them, with ``changes``."""
    values = {
        "day_offset": step.day_offset,
        "action": step.action,
        "subject": step.subject,
        "body_text": step.body_text,
        "body_html": step.body_html,
        "active": "on" if step.active else "",
        **changes,
    }
    return {name: value for name, value in values.items() if value is not None}


def hours_values(**changes) -> dict:
    values = {
        "enabled": "on",
        "business_days": ["0", "1", "2", "3", "4"],
        "business_start": "09:00",
        "business_end": "17:00",
        **changes,
    }
    return {name: value for name, value in values.items() if value is not None}
