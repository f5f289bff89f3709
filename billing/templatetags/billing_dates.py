"""Dates as billing staff read them: calendar days in the firm's time zone."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils import timezone

from billing.services.drafts import firm_today

register = template.Library()


@register.filter
def days_ago(day: date | None) -> str:
    """How long ago ``day`` was in firm calendar days: "today", "1 day", "17 days"."""
    if day is None:
        return "—"
    today = firm_today(now=timezone.now())
    days = (today - day).days
    if days <= 0:
        return "today"
    return f"{days} day{'s' if days != 1 else ''}"
