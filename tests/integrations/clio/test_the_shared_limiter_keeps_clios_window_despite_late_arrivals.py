"""The shared limiter's window is a second longer than Clio's: requests that reach Clio late
(a slow first connection) never put the next window's requests into the previous one."""

from __future__ import annotations

import time

import pytest
from django.test import override_settings

from integrations.clio import ClioRateLimiter
from integrations.clio.connection import clio_rate_limiter
from integrations.clio.ratelimit import ARRIVAL_MARGIN_SECONDS

LIMIT, WINDOW = 5, 10


def _clio_windows(arrivals: list[float]) -> list[int]:
    """Requests per window, counted as Clio does: a window opens at a request's arrival."""
    counts: list[int] = []
    opened = None
    for moment in sorted(arrivals):
        if opened is None or moment >= opened + WINDOW:
            opened = moment
            counts.append(0)
        counts[-1] += 1
    return counts


def _arrivals(limiter: ClioRateLimiter, frozen_time, *, requests: int) -> list[float]:
    # The first window's requests reach Clio 0.9 s after their slots (new connections), so
    # Clio's window opens late; every later request arrives at once.
    arrivals = []
    for index in range(requests):
        while (wait := limiter.try_acquire("firm-1")) > 0:
            frozen_time.shift(wait)
        late = 0.9 if index < LIMIT else 0.0
        arrivals.append(time.time() + late)
    return arrivals


def test_late_arrivals_stay_within_clios_windows(frozen_time):
    limiter = ClioRateLimiter(limit=LIMIT, window_seconds=WINDOW, arrival_margin_seconds=1)

    windows = _clio_windows(_arrivals(limiter, frozen_time, requests=LIMIT * 4))

    assert max(windows) <= LIMIT


def test_without_the_margin_the_same_arrivals_overshoot(frozen_time):
    limiter = ClioRateLimiter(limit=LIMIT, window_seconds=WINDOW)

    windows = _clio_windows(_arrivals(limiter, frozen_time, requests=LIMIT * 4))

    assert max(windows) > LIMIT


def test_the_margin_still_leaves_most_of_the_budget(frozen_time):
    limiter = ClioRateLimiter(limit=LIMIT, window_seconds=WINDOW, arrival_margin_seconds=1)
    started = time.time()

    _arrivals(limiter, frozen_time, requests=LIMIT * 10 + 1)

    per_window = LIMIT * 10 / ((time.time() - started) / WINDOW)
    assert per_window == pytest.approx(LIMIT * WINDOW / (WINDOW + 1), rel=0.02)


@override_settings(CLIO_RATE_LIMIT=49, CLIO_RATE_WINDOW_SECONDS=60)
def test_remits_shared_limiter_takes_49_per_61_seconds():
    clio_rate_limiter.cache_clear()
    try:
        limiter = clio_rate_limiter()
        assert (limiter.limit, limiter.window_seconds) == (49, 60)
        assert limiter.arrival_margin_seconds == ARRIVAL_MARGIN_SECONDS == 1
    finally:
        clio_rate_limiter.cache_clear()
