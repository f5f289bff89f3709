"""Trigger evaluation over the demo firm scaled ×10: seconds, queries per matter and per batch.

    .venv/bin/python bench/billing_triggers.py [--matters 3000] [--entries 50000]
                                               [--database-url URL]

Migrates a throw-away database (a temporary SQLite file by default; with ``--database-url`` that
database, which must be empty and is left seeded), seeds Clio mirror rows directly, then runs the
periodic pass (``billing_evaluate_due``) twice: the first drafts what is due, the second finds
nothing (idempotence) and shows the steady-state cost of the every-minute run. A batch is one
transaction of up to ``DRAFT_BATCH`` matters (``billing/services/evaluation.py``); on SQLite
Django splits each bulk INSERT at 999 parameters, so a batch's statements grow with its lines.
Not run by tests.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
NOW = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matters", type=int, default=3000)
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--database-url", default="", help="default: a temporary SQLite file")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="remit-bench-triggers-"))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'remit.sqlite3'}"
    # Outbox rows are written; the broker they would be handed to is a throw-away folder.
    os.environ["REMIT_VAR_DIR"] = str(workdir / "var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import integrations.outbox.tasks

    integrations.outbox.tasks.outbox_message_enqueue = lambda **kwargs: None
    seed(matters=args.matters, entries=args.entries)
    run(matters=args.matters)


def seed(*, matters: int, entries: int) -> None:
    from billing.models import Activity, Client, ClioUser, Matter

    rng = random.Random(42)
    started = time.perf_counter()
    users = ClioUser.objects.bulk_create(
        [ClioUser(clio_id=i, name=f"Timekeeper {i}") for i in range(1, 26)]
    )
    clients = Client.objects.bulk_create(
        [
            Client(clio_id=i, name=f"Client {i}", primary_email=f"c{i}@example.com")
            for i in range(1, matters + 1)
        ],
        batch_size=1000,
    )
    methods = [Matter.BillingMethod.HOURLY] * 17 + [Matter.BillingMethod.FLAT] * 2
    methods += [Matter.BillingMethod.CONTINGENCY]
    rows = Matter.objects.bulk_create(
        [
            Matter(
                clio_id=i,
                display_number=f"{i:05d}-Bench",
                client=clients[i - 1],
                responsible_attorney=rng.choice(users),
                practice_area=rng.choice(["Litigation", "Family", "Estate", "Corporate"]),
                billing_method=rng.choice(methods),
                status=Matter.Status.CLOSED if rng.random() < 0.05 else Matter.Status.OPEN,
            )
            for i in range(1, matters + 1)
        ],
        batch_size=1000,
    )
    batch = []
    for i in range(1, entries + 1):
        seconds = Decimal(360 * rng.randint(1, 30))
        price = Decimal(rng.choice([150, 250, 300, 350, 450]))
        day = NOW.date() - timedelta(days=rng.randint(0, 60))
        # One entry in twenty is still being edited (inside the stability window).
        changed = NOW - timedelta(minutes=rng.choice([5] + [60] * 19))
        batch.append(
            Activity(
                clio_id=i,
                type=Activity.Type.TIME,
                matter=rng.choice(rows),
                user=rng.choice(users),
                date=min(day, date(2026, 11, 18)),
                quantity_seconds=seconds,
                rounded_quantity_seconds=seconds,
                price=price,
                total=(seconds / 3600 * price).quantize(Decimal("0.01")),
                description=f"Bench entry {i}",
                non_billable=rng.random() < 0.05,
                content_changed_at=changed,
            )
        )
    Activity.objects.bulk_create(batch, batch_size=2000)
    print(f"seeded {matters} matters, {entries} entries in {time.perf_counter() - started:.1f} s")


def run(*, matters: int) -> None:
    from django.db import connection

    from billing.models import Invoice, InvoiceLine
    from billing.services.evaluation import billing_evaluate_due

    print(f"database: {connection.vendor}")
    print(
        f"{'pass':<8} {'seconds':>8} {'queries':>8} {'matters':>8} {'q/matter':>9} "
        f"{'batches':>8} {'q/batch':>8} {'drafts':>7}"
    )
    for name in ("first", "second"):
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            started = time.perf_counter()
            summary = billing_evaluate_due(now=NOW)
            seconds = time.perf_counter() - started
        evaluated = max(summary.matters_evaluated, 1)
        batches = max(summary.batches, 1)
        print(
            f"{name:<8} {seconds:>8.2f} {len(queries):>8} {summary.matters_evaluated:>8} "
            f"{len(queries) / evaluated:>9.1f} {summary.batches:>8} "
            f"{len(queries) / batches:>8.1f} {summary.drafts_created:>7}"
        )
        inserts = sum(1 for sql in queries if sql.lstrip().upper().startswith("INSERT"))
        print(f"{'':<8} of which INSERT statements: {inserts}")
    print(
        f"{Invoice.objects.count()} drafts, {InvoiceLine.objects.count()} lines, "
        f"over {matters} matters"
    )


if __name__ == "__main__":
    main()
