"""What the home page counts: how much is waiting in each queue the user can open.

Each app registers the counts of its own queues at start-up (``queue_counter_register`` in its
``AppConfig.ready``), so accounts, below them all, imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Counter = Callable[[Any], int]

# Only queues that hold work; pages like "Billing rules" have nothing to count.
QUEUE_COUNTS: dict[str, Counter] = {}


def queue_counter_register(url_name: str, counter: Counter) -> None:
    """``counter(user)`` is how many items wait on the page named ``url_name``."""
    QUEUE_COUNTS[url_name] = counter


def queue_counts(*, user, url_names: list[str]) -> dict[str, int]:
    return {name: QUEUE_COUNTS[name](user) for name in url_names if name in QUEUE_COUNTS}
