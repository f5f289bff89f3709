"""Four workers, 200 calls, a time-compressed 50-per-window limit: zero 429s (issue #3)."""

from __future__ import annotations

import os
import threading
import uuid
from collections import Counter

import pytest
import requests

from integrations.clio import ClioRateLimiter, InMemoryTokenStore
from tests.integrations.clio.sandbox import sandbox_client, sandbox_tokens

WORKERS = 4
CALLS_PER_WORKER = 50
WINDOW = 3


def _run_workers(base_url: str, limiter_for_worker) -> Counter:
    store = InMemoryTokenStore(sandbox_tokens(base_url), connection_id=f"firm-{uuid.uuid4()}")
    statuses: Counter = Counter()
    lock = threading.Lock()
    failures: list[BaseException] = []

    def count(response: requests.Response, *args, **kwargs) -> None:
        with lock:
            statuses[response.status_code] += 1

    def worker(n: int) -> None:
        session = requests.Session()
        session.hooks["response"].append(count)
        client = sandbox_client(
            base_url, store=store, limiter=limiter_for_worker(n), session=session
        )
        try:
            for _ in range(CALLS_PER_WORKER):
                client.get("users/who_am_i.json")
        except BaseException as exc:  # collected, asserted by the caller
            failures.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    return statuses


@pytest.fixture
def limited_sandbox(clio_sandbox_factory):
    return clio_sandbox_factory(
        CLIO_SANDBOX_RATE_LIMIT="50", CLIO_SANDBOX_RATE_WINDOW_SECONDS=str(WINDOW)
    )


def test_four_threads_share_one_memory_limiter_without_a_single_429(limited_sandbox):
    shared = ClioRateLimiter(storage_uri="memory://", limit=45, window_seconds=WINDOW)

    statuses = _run_workers(limited_sandbox.base_url, lambda n: shared)

    assert statuses == Counter({200: WORKERS * CALLS_PER_WORKER})


@pytest.mark.redis
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")
def test_four_workers_with_their_own_limiters_share_the_budget_through_redis(limited_sandbox):
    namespace = f"clio-test-{uuid.uuid4()}"

    def own_limiter(n: int) -> ClioRateLimiter:
        # A separate limiter (and Redis connection) per worker, as separate processes would have.
        return ClioRateLimiter(
            storage_uri=os.environ["REDIS_URL"],
            limit=45,
            window_seconds=WINDOW,
            namespace=namespace,
        )

    statuses = _run_workers(limited_sandbox.base_url, own_limiter)

    assert statuses == Counter({200: WORKERS * CALLS_PER_WORKER})
