"""What a service call needs: the store, the settings, who is acting, and the delivery wake-up."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from .config import Settings
from .store import Store


@dataclass
class Ctx:
    store: Store
    settings: Settings
    user_id: int
    wake: Callable[[], None] = lambda: None
    # Seeding back-dates records by pinning the clock; ``quiet`` fires no webhooks (bulk seed).
    clock: float | None = None
    quiet: bool = False

    def now(self) -> float:
        return time.time() if self.clock is None else self.clock

    def today(self) -> str:
        return datetime.fromtimestamp(self.now(), UTC).date().isoformat()
