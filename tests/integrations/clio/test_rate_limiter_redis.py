"""The limiter shared through Redis, as separate worker processes would share it."""

from __future__ import annotations

import os
import threading
import time
import uuid

import pytest

from integrations.clio import ClioRateLimiter

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL"),
]


def _limiter(namespace: str, **kwargs) -> ClioRateLimiter:
    return ClioRateLimiter(storage_uri=os.environ["REDIS_URL"], namespace=namespace, **kwargs)


def test_separate_limiters_draw_from_one_budget():
    namespace = f"clio-test-{uuid.uuid4()}"
    granted: list[int] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            limiter = _limiter(namespace, limit=10, window_seconds=60)
            for _ in range(10):
                if limiter.try_acquire("firm-1") == 0.0:
                    with lock:
                        granted.append(1)
        except BaseException as exc:  # collected, asserted below
            failures.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert len(granted) == 10


def test_a_pause_written_by_one_worker_stops_another():
    namespace = f"clio-test-{uuid.uuid4()}"
    first = _limiter(namespace, limit=10, window_seconds=60)
    second = _limiter(namespace, limit=10, window_seconds=60)

    first.pause("firm-1", 2)

    assert 1 <= second.try_acquire("firm-1") <= 2.5
    assert second.try_acquire("firm-2") == 0.0


def test_a_blocked_worker_resumes_after_the_pause():
    namespace = f"clio-test-{uuid.uuid4()}"
    _limiter(namespace).pause("firm-1", 1)
    started = time.monotonic()

    _limiter(namespace).acquire("firm-1")

    assert 0.5 <= time.monotonic() - started < 2.5
