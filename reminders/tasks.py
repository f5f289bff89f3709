"""Celery tasks for reminders: thin wrappers; safe to run twice."""

from __future__ import annotations

from celery import shared_task

from reminders.services.scan import reminders_scan


@shared_task(name="reminders.tasks.reminders_scan")
def reminders_scan_task() -> dict[str, int]:
    """Claim and start the reminder steps that are due (every 15 minutes)."""
    result = reminders_scan()
    return {
        "sent": len(result.sent),
        "flagged": len(result.flagged),
        "skipped": len(result.skipped),
        "waiting": len(result.waiting),
    }
