"""Clio quota: several workers share one token and Remit's limiter, against the real limit.

    .venv/bin/python bench/clio_quota.py [--minutes 10] [--workers 4]
        [--redis-url redis://127.0.0.1:6379/14] [--database-url URL]

Starts the Clio emulator with its real rate limit (50 requests per token per 60 s fixed window,
counted from a window's first request), seeds it, migrates a throw-away Remit database (a
temporary SQLite file unless ``--database-url``) and connects one token. Then ``--workers``
processes page through activities, matters and contacts, as a backfill does, each through
Remit's own ``clio_client()`` and so through ``clio_rate_limiter()`` with its default budget
(``CLIO_RATE_LIMIT`` / ``CLIO_RATE_WINDOW_SECONDS``) shared in Redis (``--redis-url``: a
scratch database, its limiter keys are cleared first).

Every response is counted on the wire, with its time. Prints requests made, the budget used
(requests answered 2xx over 50 per minute of the run) and 429s; the goal (issue 16) is ≥ 90 %
and zero 429s over 10 minutes. Not part of the test suite; traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import requests

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CLIO_LIMIT = 50
CLIO_WINDOW_SECONDS = 60
GOAL_BUDGET_USED = 0.90
RESOURCES = (
    ("activities", "id,date,quantity,total,updated_at"),
    ("matters", "id,display_number,status,updated_at"),
    ("contacts", "id,name,type,updated_at"),
)


def worker(index: int, deadline: float, results: Any) -> None:
    """Read pages until ``deadline`` (wall clock); report every response as (time, status)."""
    import django

    django.setup()
    from integrations.clio.connection import clio_client
    from integrations.clio.errors import ClioError

    seen: list[tuple[float, int]] = []
    client = clio_client()
    client._session.hooks["response"].append(
        lambda response, *args, **kwargs: seen.append((time.time(), response.status_code))
    )
    errors = 0
    turn = index  # the workers start on different resources, as a backfill's tasks would
    while time.time() < deadline:
        path, fields = RESOURCES[turn % len(RESOURCES)]
        turn += 1
        try:
            for _ in client.pages(path, fields=fields, limit=200):
                if time.time() >= deadline:
                    break
        except ClioError:
            errors += 1
    results.put({"worker": index, "responses": seen, "errors": errors})


def connect(base_url: str) -> str:
    """Remit's database, migrated, with one connection to the emulator; the limiter key."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from integrations.clio.connection import ConnectionTokenStore, clio_rate_limiter
    from integrations.models import ClioConnection

    call_command("migrate", verbosity=0)
    tokens = requests.post(f"{base_url}/_sandbox/token", timeout=10).json()
    connection, _ = ClioConnection.objects.update_or_create(
        singleton=True,
        defaults={
            "base_url": base_url,
            "client_id": "remit-sandbox-client",
            "client_secret": "remit-sandbox-secret",
            "access_token": tokens["access_token"],
            "refresh_token": tokens.get("refresh_token", ""),
            "token_expires_at": timezone.now() + timedelta(seconds=tokens["expires_in"]),
            "status": ClioConnection.Status.CONNECTED,
        },
    )
    key = ConnectionTokenStore(connection.pk).connection_id
    limiter = clio_rate_limiter()
    limiter.clear(key)
    window = limiter.window_seconds + limiter.arrival_margin_seconds
    print(f"Remit's limiter: {limiter!r}: {limiter.limit} per {window}s")
    return key


def busiest_window(times: list[float], seconds: float) -> int:
    """Most requests in any ``seconds``-long interval (a moving window over the run)."""
    most, first = 0, 0
    for last, moment in enumerate(times):
        while moment - times[first] >= seconds:
            first += 1
        most = max(most, last - first + 1)
    return most


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--database-url", default="", help="default: a temporary SQLite file")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="remit-bench-quota-"))
    # Set before the workers are spawned: they read the same settings.
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'remit.sqlite3'}"
    os.environ["REDIS_URL"] = args.redis_url
    os.environ["REMIT_VAR_DIR"] = str(workdir / "var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    for name in ("CLIO_RATE_LIMIT", "CLIO_RATE_WINDOW_SECONDS"):
        os.environ.pop(name, None)  # Remit's defaults are what is measured

    from tests.sandbox_process import sandbox_start

    emulator = sandbox_start(
        "clio",
        workdir=workdir,
        env={
            "CLIO_SANDBOX_RATE_LIMIT": str(CLIO_LIMIT),
            "CLIO_SANDBOX_RATE_WINDOW_SECONDS": str(CLIO_WINDOW_SECONDS),
        },
    )
    try:
        requests.post(
            f"{emulator.base_url}/_sandbox/seed",
            json={"matters": 400, "time_entries_per_matter": 5, "fire_webhooks": False},
            timeout=600,
        ).raise_for_status()
        connect(emulator.base_url)
        responses, errors = run(workers=args.workers, minutes=args.minutes)
    finally:
        emulator.stop()
    report(responses, errors=errors, workers=args.workers, minutes=args.minutes)


def run(*, workers: int, minutes: float) -> tuple[list[tuple[float, int]], int]:
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    deadline = time.time() + minutes * 60
    processes = [
        context.Process(target=worker, args=(index, deadline, results)) for index in range(workers)
    ]
    for process in processes:
        process.start()
    # A worker waiting for a slot at the deadline sends once more, at most a window later.
    reports = [results.get(timeout=minutes * 60 + 3 * CLIO_WINDOW_SECONDS) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    responses = sorted(
        (moment, status)
        for report in reports
        for moment, status in report["responses"]
        if moment < deadline
    )
    return responses, sum(report["errors"] for report in reports)


def report(
    responses: list[tuple[float, int]], *, errors: int, workers: int, minutes: float
) -> None:
    answered = [moment for moment, status in responses if status < 400]
    refused = sum(status == 429 for _, status in responses)
    budget = CLIO_LIMIT * minutes * 60 / CLIO_WINDOW_SECONDS
    used = len(answered) / budget
    met = used >= GOAL_BUDGET_USED and refused == 0
    print(f"\n{workers} workers, one token, {minutes:g} min against {CLIO_LIMIT} requests per "
          f"{CLIO_WINDOW_SECONDS}s\n")  # fmt: skip
    print(f"requests made          {len(responses)}")
    print(f"answered 2xx           {len(answered)} of a budget of {budget:.0f}")
    print(f"budget used            {used:.1%}")
    print(f"429s                   {refused}")
    print(
        f"busiest {CLIO_WINDOW_SECONDS}s (moving)   {busiest_window(answered, CLIO_WINDOW_SECONDS)}"
    )
    print(f"calls that failed      {errors}")
    print(f"\ngoal >= {GOAL_BUDGET_USED:.0%} used and no 429: {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
