"""Backfill benchmark: API calls against the minimum ⌈records/200⌉ per resource, and speed.

Starts its own Clio emulator (high rate limit) on a free port with a fresh SQLite state, seeds it,
migrates a throw-away Remit database, runs ``clio_backfill_run`` and prints a table:

    .venv/bin/python bench/backfill.py [--matters 2000] [--entries 10] [--database-url URL]

Not run by the tests. Every request Remit sends to ``/api/v4`` is counted on the wire.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matters", type=int, default=2000)
    parser.add_argument("--entries", type=int, default=10, help="time entries per matter")
    parser.add_argument("--database-url", default="", help="default: a temporary SQLite file")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="remit-bench-backfill-"))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'remit.sqlite3'}"
    # Remit's own limiter must not be the bottleneck being measured either.
    os.environ["CLIO_RATE_LIMIT"] = "1000000"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    from tests.sandbox_process import sandbox_start

    emulator = sandbox_start(
        "clio",
        workdir=workdir,
        env={"CLIO_SANDBOX_RATE_LIMIT": "1000000", "CLIO_SANDBOX_RATE_WINDOW_SECONDS": "60"},
    )
    try:
        run(emulator.base_url, matters=args.matters, entries=args.entries)
    finally:
        emulator.stop()


def run(base_url: str, *, matters: int, entries: int) -> None:
    started = time.monotonic()
    seeded = requests.post(
        f"{base_url}/_sandbox/seed",
        json={"matters": matters, "time_entries_per_matter": entries, "fire_webhooks": False},
        timeout=3600,
    )
    seeded.raise_for_status()
    print(f"seeded {matters} matters × {entries} entries in {time.monotonic() - started:.1f}s")

    import django

    django.setup()
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from integrations.clio.client import MAX_PAGE_SIZE
    from integrations.clio.sync.backfill import clio_backfill_run
    from integrations.models import ClioConnection

    tokens = requests.post(f"{base_url}/_sandbox/token", timeout=10).json()
    ClioConnection.objects.update_or_create(
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

    wire: dict[str, int] = {}
    original = requests.Session.request

    def counted(self, method, url, *a, **kw):
        if "/api/v4/" in url:
            resource = url.split("/api/v4/", 1)[1].split("?", 1)[0].split("/", 1)[0]
            resource = resource.removesuffix(".json")
            wire[resource] = wire.get(resource, 0) + 1
        return original(self, method, url, *a, **kw)

    requests.Session.request = counted
    began = time.monotonic()
    progress = clio_backfill_run(restart=True)
    seconds = time.monotonic() - began
    requests.Session.request = original

    print()
    print(
        f"{'resource':<12}{'records':>9}{'pages':>7}{'calls':>7}{'minimum':>9}{'s':>8}{'rec/s':>9}"
    )
    total_records = total_calls = total_minimum = 0
    for p in progress:
        minimum = max(1, -(-p.records // MAX_PAGE_SIZE))
        calls = wire.get(p.resource, 0)
        rate = p.records / p.seconds if p.seconds else 0.0
        print(
            f"{p.resource:<12}{p.records:>9}{p.pages:>7}{calls:>7}{minimum:>9}"
            f"{p.seconds:>8.1f}{rate:>9.0f}"
        )
        total_records += p.records
        total_calls += calls
        total_minimum += minimum
    print(
        f"{'total':<12}{total_records:>9}{'':>7}{total_calls:>7}{total_minimum:>9}"
        f"{seconds:>8.1f}{total_records / seconds:>9.0f}"
    )
    other = sum(wire.values()) - total_calls
    print(f"\nAPI calls {sum(wire.values())} vs minimum {total_minimum} (other calls: {other})")


if __name__ == "__main__":
    main()
