from __future__ import annotations

import pytest
import responses

from integrations.clio import ClioRateLimiter, errors
from integrations.clio.ratelimit import retry_after_seconds
from tests.integrations.clio.conftest import API


def test_the_production_default_is_a_little_under_clios_fifty_per_minute():
    limiter = ClioRateLimiter()

    assert (limiter.limit, limiter.window_seconds) == (49, 60)


def test_calls_beyond_the_budget_wait_for_the_window(fake_sleep, slept):
    limiter = ClioRateLimiter(limit=3, window_seconds=10, sleep=fake_sleep)

    for _ in range(4):
        limiter.acquire("firm-1")

    assert sum(slept) == pytest.approx(10, abs=0.1)


def test_connections_have_separate_budgets(fake_sleep, slept):
    limiter = ClioRateLimiter(limit=2, window_seconds=10, sleep=fake_sleep)

    for key in ("firm-1", "firm-1", "firm-2", "firm-2"):
        limiter.acquire(key)

    assert slept == []


def test_try_acquire_says_how_long_to_wait_instead_of_blocking(frozen_time):
    limiter = ClioRateLimiter(limit=1, window_seconds=30)

    assert limiter.try_acquire("firm-1") == 0.0
    assert limiter.try_acquire("firm-1") == pytest.approx(30, abs=0.1)


def test_a_wait_longer_than_max_wait_raises_rate_limited(fake_sleep):
    limiter = ClioRateLimiter(limit=1, window_seconds=60, max_wait_seconds=5, sleep=fake_sleep)
    limiter.acquire("firm-1")

    with pytest.raises(errors.RateLimited):
        limiter.acquire("firm-1")


def test_the_client_spends_one_slot_per_request(client, limiter, mocked):
    mocked.add(responses.GET, f"{API}/matters.json", json={"data": {"id": 1}})

    for _ in range(3):
        client.get("matters.json")

    assert limiter.remaining("firm-1") == 42


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "3"}, 3.0),
        ({"Retry-At": "4"}, 4.0),
        ({"Retry-After": "3", "Retry-At": "9"}, 3.0),
        ({"Retry-After": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after_is_read_before_the_older_retry_at(headers, expected):
    assert retry_after_seconds(headers, now=1_800_000_000) == expected
