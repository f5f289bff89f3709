"""Clio's own rate-limit signals from the emulator: Retry-After on 429, and the headers."""

from __future__ import annotations

import time

import pytest
import requests

from integrations.clio import API_VERSION, ClioRateLimiter, InMemoryTokenStore
from tests.integrations.clio.sandbox import sandbox_client, sandbox_tokens


class Recorder:
    def __init__(self) -> None:
        self.responses: list[requests.Response] = []
        self.slept: list[float] = []
        self.session = requests.Session()
        self.session.hooks["response"].append(self._seen)

    def _seen(self, response: requests.Response, *args: object, **kwargs: object) -> None:
        self.responses.append(response)

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        time.sleep(seconds)

    def statuses(self) -> list[int]:
        return [response.status_code for response in self.responses]


@pytest.fixture
def tiny_sandbox(clio_sandbox_factory):
    return clio_sandbox_factory(CLIO_SANDBOX_RATE_LIMIT="3", CLIO_SANDBOX_RATE_WINDOW_SECONDS="2")


def test_a_forced_429_is_retried_after_retry_after(tiny_sandbox):
    tokens = sandbox_tokens(tiny_sandbox.base_url)
    recorder = Recorder()
    # The local budget is deliberately above the emulator's: only Clio's 429 can stop us.
    limiter = ClioRateLimiter(limit=100, window_seconds=2, sleep=recorder.sleep)
    client = sandbox_client(
        tiny_sandbox.base_url,
        store=InMemoryTokenStore(tokens),
        limiter=limiter,
        session=recorder.session,
    )
    # Another consumer of the same token spends the whole window behind the client's back.
    for _ in range(3):
        requests.get(
            f"{tiny_sandbox.base_url}/api/v4/users/who_am_i.json",
            headers={
                "Authorization": f"Bearer {tokens.access_token}",
                "X-API-VERSION": API_VERSION,
            },
            timeout=10,
        )

    started = time.monotonic()
    client.get("users/who_am_i.json")

    assert recorder.statuses() == [429, 200]
    retry_after = float(recorder.responses[0].headers["Retry-After"])
    # The pause lives as a TTL in the shared storage; Redis TTLs have whole-second precision.
    assert sum(recorder.slept) >= retry_after - 1
    assert time.monotonic() - started >= min(retry_after, 1.0) - 0.05


def test_an_exhausted_remaining_header_avoids_the_429_altogether(tiny_sandbox):
    recorder = Recorder()
    limiter = ClioRateLimiter(limit=100, window_seconds=2, sleep=recorder.sleep)
    client = sandbox_client(tiny_sandbox.base_url, limiter=limiter, session=recorder.session)
    started = time.time()

    for _ in range(7):
        client.get("users/who_am_i.json")

    assert recorder.statuses() == [200] * 7
    assert recorder.slept
    first = recorder.responses[0].headers
    assert first["X-RateLimit-Limit"] == "3"
    assert int(first["X-RateLimit-Remaining"]) == 2
    assert started - 1 <= int(first["X-RateLimit-Reset"]) <= started + 3
