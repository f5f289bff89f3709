"""Per-access-token fixed-window rate limit (reference §3).

State lives in memory behind a lock: the threaded server handles requests concurrently and
the count must never let more than ``limit`` requests through in one window.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset: int  # Unix timestamp of the end of the window
    retry_after: int

    def headers(self) -> dict[str, str]:
        headers = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset),
        }
        if not self.allowed:
            headers["Retry-After"] = str(self.retry_after)
        return headers


class RateLimiter:
    def __init__(self, limit: int, window_seconds: float) -> None:
        self.limit = limit
        self.window = window_seconds
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[float, int]] = {}

    def clear(self) -> None:
        with self._lock:
            self._windows.clear()

    def hit(self, key: str) -> Decision:
        with self._lock:
            now = time.time()
            start, count = self._windows.get(key, (now, 0))
            if now >= start + self.window:
                start, count = now, 0
            allowed = count < self.limit
            if allowed:
                count += 1
            self._windows[key] = (start, count)
            end = start + self.window
            return Decision(
                allowed=allowed,
                limit=self.limit,
                remaining=max(0, self.limit - count),
                reset=math.ceil(end),
                retry_after=max(1, math.ceil(end - now)),
            )
