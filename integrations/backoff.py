"""When a failed inbound event or outbox message is tried again: exponential, capped, jittered;
and which rows a worker may claim."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone


def claimable(*, new: str, working: str, now: datetime) -> Q:
    """Rows a worker may take: new ones, failed ones that are due, and ``working`` claims old
    enough that their worker must have died mid-task (longer than any task may run)."""
    stale = now - timedelta(seconds=settings.CLAIM_STALE_SECONDS)
    return (
        Q(status=new)
        | Q(status="failed", next_attempt_at__isnull=True)
        | Q(status="failed", next_attempt_at__lte=now)
        | Q(status=working, claimed_at__lt=stale)
    )


def retry_delay(*, attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed try (1 → base, 2 → 2×base, … up to the cap).

    Up to 10 % jitter spreads out retries of events that failed together (an outage).
    """
    base = settings.RETRY_BACKOFF_BASE_SECONDS
    seconds = min(base * 2 ** max(attempts - 1, 0), settings.RETRY_BACKOFF_MAX_SECONDS)
    return timedelta(seconds=seconds * (1 + random.random() / 10))  # noqa: S311 - not crypto


def attempt_failed(
    claimed: QuerySet, *, attempts: int, max_attempts: int, exc: Exception
) -> tuple[str, bool]:
    """Record a failed try on the claimed row: due again after a backoff, or ``dead`` after the
    last attempt (at once for an error marked ``permanent``). Returns the error and deadness."""
    dead = getattr(exc, "permanent", False) or attempts >= max_attempts
    error = f"{type(exc).__name__}: {exc}"[:2000]
    claimed.update(
        status="dead" if dead else "failed",
        next_attempt_at=None if dead else timezone.now() + retry_delay(attempts=attempts),
        last_error=error,
    )
    return error, dead
