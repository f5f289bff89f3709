"""One engine for work kept in a table: claim, retry with backoff, dead-letter, replay, sweep.

Inbound events and outbox messages are both rows a worker takes, works and marks; only the
work differs (process a webhook, deliver an effect). The database is the lock: a worker owns
a row only after its conditional UPDATE moved it to the queue's ``working`` status
(healthchecks' pattern, engineering-anchors.md §1.1). The work itself must be idempotent: a
row can be worked twice (a worker killed after the work but before marking it, a stale claim
taken over).

The first try is handed to Celery when the row commits (``WorkQueue.wake``); a periodic sweep
works whatever that hand-off lost, so a lost task only delays work.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

logger = logging.getLogger(__name__)

FAILED = "failed"
DEAD = "dead"

# What a piece of work returns on success: the row's fields to set besides the done status.
Work = Callable[[Any], dict[str, Any]]
Waker = Callable[[Any], None]


def retry_delay(*, attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed try (1 → base, 2 → 2×base, … up to the cap).

    Up to 10 % jitter spreads out retries of rows that failed together (an outage).
    """
    base = settings.RETRY_BACKOFF_BASE_SECONDS
    seconds = min(base * 2 ** max(attempts - 1, 0), settings.RETRY_BACKOFF_MAX_SECONDS)
    return timedelta(seconds=seconds * (1 + random.random() / 10))  # noqa: S311 - not crypto


@dataclass
class WorkQueue:
    """A table of work. Rows need ``status``, ``attempts``, ``next_attempt_at``,
    ``claimed_at``, ``last_error`` and the ``done_at`` / ``order_by`` fields named here."""

    model: type[models.Model]
    new: str  # waiting for its first try
    working: str  # claimed by a worker
    done: str
    done_at: str  # the field stamped when the work succeeded
    order_by: str  # oldest first, by this field
    max_attempts_setting: str
    describe: Callable[[Any], str]  # how a row is named in the log
    # Rows that are not work at all (rejected webhooks have no dedupe key).
    only: Q = field(default_factory=Q)
    # Called with each row ready for its first try, once it has committed (set by the app's
    # ready(): the task that works a row lives above this module).
    waker: Waker | None = None

    def claimable(self, now: datetime) -> Q:
        """Rows a worker may take: new ones, failed ones that are due, and ``working`` claims
        old enough that their worker must have died mid-task (longer than any task may run)."""
        stale = now - timedelta(seconds=settings.CLAIM_STALE_SECONDS)
        return self.only & (
            Q(status=self.new)
            | Q(status=FAILED, next_attempt_at__isnull=True)
            | Q(status=FAILED, next_attempt_at__lte=now)
            | Q(status=self.working, claimed_at__lt=stale)
        )

    def claim(self, *, pk: int, now: datetime) -> bool:
        """Take one due row for this worker; False when another worker has it or it is not due."""
        claimed = self.model._default_manager.filter(self.claimable(now), pk=pk).update(
            status=self.working, claimed_at=now, attempts=F("attempts") + 1
        )
        return claimed == 1

    def run(self, *, pk: int, work: Work) -> Any | None:
        """Claim row ``pk`` and work it; ``None`` when it was not ours (done, not due, taken).

        Runs outside any transaction: work calls Clio or LawPay and opens its own short
        transactions for the writes. A failure is recorded on the row (retry after a backoff,
        or ``dead`` after the last attempt, at once for an error marked ``permanent``).
        """
        claimed_at = timezone.now()
        if not self.claim(pk=pk, now=claimed_at):
            return None
        rows = self.model._default_manager
        row = rows.get(pk=pk)
        mine = rows.filter(pk=pk, status=self.working, claimed_at=claimed_at)
        try:
            done = work(row)
        except Exception as exc:
            attempts = row.attempts  # type: ignore[attr-defined]
            max_attempts = getattr(settings, self.max_attempts_setting)
            dead = getattr(exc, "permanent", False) or attempts >= max_attempts
            error = f"{type(exc).__name__}: {exc}"[:2000]
            mine.update(
                status=DEAD if dead else FAILED,
                next_attempt_at=None if dead else timezone.now() + retry_delay(attempts=attempts),
                last_error=error,
            )
            (logger.error if dead else logger.warning)(
                "%s attempt %s failed: %s", self.describe(row), attempts, error
            )
        else:
            mine.update(
                status=self.done,
                next_attempt_at=None,
                **{self.done_at: timezone.now(), "last_error": "", **done},
            )
        row.refresh_from_db()
        return row

    def due(self, *, now: datetime, limit: int, among: Q | None = None) -> list[int]:
        """Ids of rows a worker may claim now, oldest first (a selector)."""
        rows = self.model._default_manager.filter(self.claimable(now))
        if among is not None:
            rows = rows.filter(among)
        return list(rows.order_by(self.order_by, "pk").values_list("pk", flat=True)[:limit])

    def sweep(self, *, ids: Iterable[int], work: Work, budget_seconds: float) -> list[Any]:
        """Work ``ids`` inline, in this worker, until ``budget_seconds`` have gone (so the task
        stays below its time limit); the rows this run worked."""
        started = time.monotonic()
        worked = []
        for pk in ids:
            if time.monotonic() - started > budget_seconds:
                break
            row = self.run(pk=pk, work=work)
            if row is not None:
                worked.append(row)
        return worked

    def replay(self, rows: QuerySet) -> int:
        """Put dead (or failed) rows back in the queue with fresh attempts; how many it did."""
        replayable = [DEAD, FAILED]
        with transaction.atomic():
            chosen = list(rows.select_for_update().filter(status__in=replayable))
            self.model._default_manager.filter(
                pk__in=[row.pk for row in chosen], status__in=replayable
            ).update(status=self.new, attempts=0, next_attempt_at=None, claimed_at=None)
            for row in chosen:
                self.wake(row)
        return len(chosen)

    def wake(self, row: Any) -> None:
        """Hand ``row`` to a worker once the current transaction commits (at once outside one).

        ``robust``: a broker that is down must not undo the business change; the sweep
        picks the row up instead.
        """
        waker = self.waker
        if waker is not None:
            transaction.on_commit(lambda: waker(row), robust=True)
