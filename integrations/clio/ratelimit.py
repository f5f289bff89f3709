"""One Clio rate limiter shared by every worker (engineering-anchors §3.5, clio-api.md §3).

Clio counts requests per access token over a 60 s window (50 at peak). All workers of one
connection draw from one ``limits`` moving window in shared storage (``redis://`` in
production, ``memory://`` for a single process): 49 requests, one under Clio's number. A 429 or
an exhausted ``X-RateLimit-Remaining`` pauses the key in that same storage, so every worker waits
instead of piling on: never a 429 storm.

Clio's window opens when a request *arrives*, a little after Remit took its slot, and by how
much varies (a new connection, a slow first byte). A moving window exactly as long as Clio's
then lets the next window's first requests land inside the previous one: 429s. So the shared
window is ``ARRIVAL_MARGIN_SECONDS`` longer than Clio's: any requests Clio can count together
were taken within it, so never more than the limit (49 per 61 s is 96 % of Clio's 50 a minute).
"""

from __future__ import annotations

import email.utils
import logging
import math
import threading
import time
from collections.abc import Callable, Mapping

from limits import RateLimitItemPerSecond
from limits.storage import MovingWindowSupport, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from integrations.clio.errors import RateLimited

logger = logging.getLogger(__name__)

PRODUCTION_LIMIT = 49
PRODUCTION_WINDOW_SECONDS = 60
# Longer than any gap between taking a slot and Clio receiving the request (whole seconds: the
# storage's expiries are).
ARRIVAL_MARGIN_SECONDS = 1
# A paused key is re-checked at least this often; redis TTLs only have whole-second precision.
PAUSE_POLL_SECONDS = 0.1
MAX_PAUSE_SECONDS = 300.0
WINDOW_MARGIN_SECONDS = 0.05
# limits resolves its optional dependencies lazily and not thread-safely (seen as a spurious
# "redis not found" when worker threads build limiters at once).
_STORAGE_CREATION_LOCK = threading.Lock()


def limits_storage(storage_uri: str) -> Storage:
    """A ``limits`` storage for ``storage_uri``; every limiter of Remit creates its storage here,
    under the one lock."""
    with _STORAGE_CREATION_LOCK:
        storage = storage_from_string(storage_uri)
    if not isinstance(storage, Storage):
        raise TypeError(f"{storage_uri} names an asyncio storage; Remit's limiters are sync")
    return storage


def retry_after_seconds(headers: Mapping[str, str], *, now: float) -> float | None:
    """Seconds to wait from ``Retry-After`` (seconds or HTTP date), else the older ``Retry-At``."""
    for name in ("Retry-After", "Retry-At"):
        value = headers.get(name)
        if value:
            seconds = _parse_delay(value.strip(), now=now)
            if seconds is not None:
                return seconds
    return None


def _parse_delay(value: str, *, now: float) -> float | None:
    try:
        number = float(value)
    except ValueError:
        try:
            return max(email.utils.parsedate_to_datetime(value).timestamp() - now, 0.0)
        except (TypeError, ValueError, IndexError):
            return None
    # A value far above any sane delay is an absolute Unix time (as X-RateLimit-Reset is).
    return max(number - now, 0.0) if number > 1_000_000_000 else max(number, 0.0)


class ClioRateLimiter:
    """Shared request budget per Clio connection.

    Safe to share between threads; with a ``redis://`` storage URI, also between processes
    and machines. Time is the wall clock, because the storage's expiries are (tests move it with
    ``time_machine``); ``sleep`` is injectable.
    """

    def __init__(
        self,
        *,
        storage_uri: str = "memory://",
        limit: int = PRODUCTION_LIMIT,
        window_seconds: int = PRODUCTION_WINDOW_SECONDS,
        max_wait_seconds: float | None = None,
        arrival_margin_seconds: int = 0,
        namespace: str = "clio",
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        storage = limits_storage(storage_uri)
        if not isinstance(storage, MovingWindowSupport):
            raise ValueError(f"{storage_uri.split(':', 1)[0]} storage has no moving window")
        self._storage: Storage = storage
        self._limiter = MovingWindowRateLimiter(storage)
        # Clio's window plus the margin; ``window_seconds`` stays Clio's (pauses are in it).
        self._item = RateLimitItemPerSecond(limit, window_seconds + arrival_margin_seconds)
        self.limit = limit
        self.window_seconds = window_seconds
        self.arrival_margin_seconds = arrival_margin_seconds
        self.max_wait_seconds = (
            max_wait_seconds if max_wait_seconds is not None else 5.0 * window_seconds
        )
        self._namespace = namespace
        self._sleep = sleep

    def __repr__(self) -> str:
        return (
            f"ClioRateLimiter(limit={self.limit}, window_seconds={self.window_seconds}, "
            f"arrival_margin_seconds={self.arrival_margin_seconds}, "
            f"storage={type(self._storage).__name__})"
        )

    def try_acquire(self, key: str) -> float:
        """Take one request slot. Returns 0.0 if taken, else how long to wait before asking again.

        For callers that must not block (a Celery task retries itself with that countdown).
        """
        paused = self.paused_for(key)
        if paused > 0:
            return paused
        if self._limiter.hit(self._item, self._namespace, key):
            return 0.0
        reset_at = self._limiter.get_window_stats(self._item, self._namespace, key).reset_time
        # A hair past the reset: the oldest entry leaves the window only strictly after it.
        return max(reset_at - time.time() + WINDOW_MARGIN_SECONDS, PAUSE_POLL_SECONDS)

    def acquire(self, key: str) -> None:
        """Block until a slot is taken; raise ``RateLimited`` after ``max_wait_seconds``."""
        waited = 0.0
        while (wait := self.try_acquire(key)) > 0:
            if waited + wait > self.max_wait_seconds:
                raise RateLimited(
                    retry_after=wait,
                    status_code=429,
                    error_type="LocalRateLimit",
                    message=f"no Clio request slot within {self.max_wait_seconds:.0f}s",
                )
            self._sleep(wait)
            waited += wait

    def remaining(self, key: str) -> int:
        """Slots left in the current window (for the integration health page)."""
        return self._limiter.get_window_stats(self._item, self._namespace, key).remaining

    def pause(self, key: str, seconds: float) -> None:
        """Stop every worker using ``key`` for ``seconds`` (a 429's Retry-After)."""
        seconds = min(max(seconds, 0.0), MAX_PAUSE_SECONDS)
        if seconds <= 0 or self.paused_for(key) >= seconds:
            return
        pause_key = self._pause_key(key)
        # The key's TTL is the pause; the counter value is irrelevant. Racing writers each
        # leave some valid pause behind, which is all that matters.
        self._storage.clear(pause_key)
        self._storage.incr(pause_key, math.ceil(seconds))
        logger.info("clio rate limit: pausing connection for %.1fs", seconds)

    def paused_for(self, key: str) -> float:
        pause_key = self._pause_key(key)
        if self._storage.get(pause_key) <= 0:
            return 0.0
        return max(self._storage.get_expiry(pause_key) - time.time(), PAUSE_POLL_SECONDS)

    def observe(self, key: str, headers: Mapping[str, str]) -> None:
        """Trust Clio's own count: when it says none remain, wait for its window to reset."""
        remaining = _int_header(headers, "X-RateLimit-Remaining")
        reset = _int_header(headers, "X-RateLimit-Reset")
        if remaining is None or remaining > 0 or reset is None:
            return
        # Reset is a whole-second Unix time: wait one second more rather than arrive early.
        self.pause(key, min(reset - time.time() + 1.0, self.window_seconds + 1.0))

    def clear(self, key: str) -> None:
        self._limiter.clear(self._item, self._namespace, key)
        self._storage.clear(self._pause_key(key))

    def _pause_key(self, key: str) -> str:
        return f"{self._namespace}-pause/{key}"


def _int_header(headers: Mapping[str, str], name: str) -> int | None:
    value = headers.get(name)
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None
