"""The review queue with 1,000 drafts: queries and server time per page view.

    .venv/bin/python bench/review_queue.py [--drafts 1000] [--runs 20] [--database-url URL]

Migrates a throw-away database (a temporary SQLite file by default; with ``--database-url`` that
database, which must be empty), seeds drafts with lines directly, then requests the queue through
Django's test client as a billing clerk: unfiltered, filtered, and a late page. Not run by tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=1000)
    parser.add_argument("--lines", type=int, default=6, help="lines per draft")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", default="", help="default: a temporary SQLite file")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="remit-bench-queue-"))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'remit.sqlite3'}"
    os.environ["REMIT_VAR_DIR"] = str(workdir / "var")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    seed(drafts=args.drafts, lines=args.lines)
    run(runs=args.runs)


def seed(*, drafts: int, lines: int) -> None:
    from datetime import date

    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from billing.models import (
        Activity,
        Client,
        ClioUser,
        Invoice,
        InvoiceLine,
        Matter,
        MatterMapping,
    )

    clerk = User.objects.create_user("bench-clerk")
    clerk.groups.add(Group.objects.get(name="Billing staff"))
    users = ClioUser.objects.bulk_create(
        [ClioUser(clio_id=i, name=f"Attorney {i}") for i in range(1, 21)]
    )
    clients = Client.objects.bulk_create(
        [Client(clio_id=i, name=f"Client {i}", primary_email=f"c{i}@example.com")
         for i in range(1, drafts + 1)]
    )  # fmt: skip
    matters = Matter.objects.bulk_create(
        [
            Matter(clio_id=i, display_number=f"{i:05d}-Queue", client=clients[i - 1],
                   responsible_attorney=users[i % 20],
                   practice_area=["Litigation", "Family", "Estate"][i % 3])
            for i in range(1, drafts + 1)
        ]
    )  # fmt: skip
    MatterMapping.objects.bulk_create(
        [MatterMapping(matter=m, clio_matter_id=m.clio_id, display_number=m.display_number,
                       reference=m.display_number) for m in matters[::2]]
    )  # fmt: skip
    now = timezone.now()
    activities = Activity.objects.bulk_create(
        [
            Activity(clio_id=m.clio_id * 100 + n, type=Activity.Type.TIME, matter=m,
                     user=m.responsible_attorney, date=date(2026, 11, 1 + n),
                     rounded_quantity_seconds=Decimal(3600), price=Decimal(300),
                     total=Decimal(300), description=f"Entry {n}", content_changed_at=now)
            for m in matters for n in range(lines)
        ],
        batch_size=2000,
    )  # fmt: skip
    invoices = Invoice.objects.bulk_create(
        [Invoice(matter=m, trigger=Invoice.Trigger.THRESHOLD, period_key="bench",
                 period_end=date(2026, 11, 18), total=Decimal(300 * lines)) for m in matters]
    )  # fmt: skip
    by_matter = {invoice.matter_id: invoice for invoice in invoices}
    InvoiceLine.objects.bulk_create(
        [InvoiceLine(invoice=by_matter[a.matter_id], activity=a, date=a.date,
                     timekeeper=a.user.name, description=a.description, hours=Decimal(1),
                     rate=a.price, amount=a.total, source_changed_at=now) for a in activities],
        batch_size=2000,
    )  # fmt: skip
    print(f"seeded {drafts} drafts with {lines} lines each")


def run(*, runs: int) -> None:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(User.objects.get(username="bench-clerk"))
    print(f"database: {connection.vendor}")
    print(f"{'view':<34} {'queries':>7} {'median ms':>10} {'p90 ms':>8}")
    for label, params in [
        ("queue, page 1", {}),
        ("queue, blocked only", {"blocked": "yes"}),
        ("queue, attorney + amount filter", {"attorney": "3", "amount_min": "100"}),
        ("queue, page 40", {"page": "40"}),
    ]:
        timings = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get("/billing/review/", params)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        timings.sort()
        p90 = timings[int(len(timings) * 0.9) - 1]
        print(f"{label:<34} {len(queries):>7} {statistics.median(timings):>10.1f} {p90:>8.1f}")


if __name__ == "__main__":
    main()
