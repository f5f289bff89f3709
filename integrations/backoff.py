"""When a failed inbound event or outbox message is tried again: exponential, capped, jittered."""

from __future__ import annotations

import random
from datetime import timedelta

from django.conf import settings


def retry_delay(*, attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed try (1 → base, 2 → 2×base, … up to the cap).

    Up to 10 % jitter spreads out retries of events that failed together (an outage).
    """
    base = settings.RETRY_BACKOFF_BASE_SECONDS
    seconds = min(base * 2 ** max(attempts - 1, 0), settings.RETRY_BACKOFF_MAX_SECONDS)
    return timedelta(seconds=seconds * (1 + random.random() / 10))  # noqa: S311 - not crypto
