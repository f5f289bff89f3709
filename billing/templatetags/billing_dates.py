"""Dates as billing staff read them: calendar days in the firm's time zone."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from django import template
from django.conf import settings
from django.utils import timezone

register = template.Library()


@register.filter
def days_ago(day: date | None) -> str:
    """How long ago ``day`` was in firm calendar days: "today", "1 day", "17 days"."""
    if day is None:
        return "—"
    today = timezone.now().astimezone(ZoneInfo(settings.FIRM_TIME_ZONE)).date()
    days = (today - day).days
    if days <= 0:
        return "today"
    return f"{days} day{'s' if days != 1 else ''}"
