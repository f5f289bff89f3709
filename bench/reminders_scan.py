"""The overdue-reminders scan over N sent, unpaid invoices: time, queries and memory per scan.

    .venv/bin/python bench/reminders_scan.py [--invoices 1000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/remit_bench_rem .venv/bin/python \\
        bench/reminders_scan.py --invoices 10000

Migrates a throw-away database: a temporary SQLite file by default; when DATABASE_URL (or
``--database-url``) names a PostgreSQL database ``remit_bench…``, that database is created for
the run (dropped first if it exists) and dropped at the end unless ``--keep``. Seeds
``--invoices`` invoices, status "sent" with a number, each on its own matter and client, sent 7
days before the scan, and uses the default sequence from the migrations (day 7 / 21 / 30). The
outbox hand-off to Celery is a no-op (as in tests/billing/fixtures.py), so no broker is needed.
Then, at 10:00 firm time (America/New_York):

1. the first scan on day 7, a Monday (every invoice gets its day-7 email claimed);
2. the same scan again that day (everything already claimed);
3. the first scan repeated under tracemalloc for its peak memory (runs and outbox rows deleted
   first; its time is slowed by the tracing and printed only for reference);
4. a scan on a Saturday, day 7 again (sent_at moved a week on, runs cleared): every invoice
   waits for business hours and nothing is written.

Queries are counted with ``connection.execute_wrapper`` (CaptureQueriesContext keeps only the
last 9,000 queries, fewer than a 10,000-invoice scan makes) and split by statement kind.
Not run by the tests.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

FIRM = ZoneInfo("America/New_York")
MONDAY = datetime(2026, 12, 14, 10, 0, tzinfo=FIRM)  # day 7 of invoices sent Monday, Dec 7
SATURDAY = datetime(2026, 12, 19, 10, 0, tzinfo=FIRM)  # day 7 of invoices sent Saturday, Dec 12


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=1000)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="default: DATABASE_URL if it names PostgreSQL, else a temporary SQLite file",
    )
    parser.add_argument("--keep", action="store_true", help="keep a PostgreSQL database")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="remit-bench-reminders-"))
    parts = urlsplit(args.database_url)
    postgres = parts.scheme in ("postgres", "postgresql")
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres")) if postgres else ""
    name = parts.path.lstrip("/") if postgres else ""
    if postgres:
        import psycopg

        if not name.startswith("remit_bench"):
            # It is dropped and created: never a database the bench did not name for itself.
            sys.exit("Name a database of the bench's own: postgres://…/remit_bench_rem")
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'remit.sqlite3'}"
    os.environ["REMIT_VAR_DIR"] = str(workdir / "var")
    os.environ["DEBUG"] = "false"
    os.environ["TIME_ZONE"] = "America/New_York"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command

        import integrations.outbox.tasks

        # No broker: the outbox rows are recorded, nothing is handed to Celery.
        integrations.outbox.tasks.outbox_message_enqueue = lambda **kwargs: None
        call_command("migrate", verbosity=0)
        seed(invoices=args.invoices, sent_at=MONDAY - timedelta(days=7))
        run(invoices=args.invoices)
    finally:
        from django.db import connections

        connections.close_all()
        if postgres and not args.keep:
            import psycopg

            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(*, invoices: int, sent_at: datetime) -> None:
    from billing.models import Client, Invoice, Matter

    clients = Client.objects.bulk_create(
        [Client(clio_id=i, name=f"Client {i}", primary_email=f"c{i}@example.com")
         for i in range(1, invoices + 1)],
        batch_size=2000,
    )  # fmt: skip
    matters = Matter.objects.bulk_create(
        [Matter(clio_id=i, display_number=f"{i:05d}-Remind", client=clients[i - 1])
         for i in range(1, invoices + 1)],
        batch_size=2000,
    )  # fmt: skip
    Invoice.objects.bulk_create(
        [
            Invoice(matter=m, status=Invoice.Status.SENT, trigger=Invoice.Trigger.THRESHOLD,
                    period_key="bench", period_end=sent_at.date(), number=f"R-2026-{i:06d}",
                    total=Decimal("1250.00"), sent_at=sent_at,
                    due_date=(sent_at + timedelta(days=30)).date())
            for i, m in enumerate(matters, start=1)
        ],
        batch_size=2000,
    )  # fmt: skip


class Counting:
    """Every statement the connection executes, by its first word (SELECT, INSERT, SAVEPOINT…)."""

    def __init__(self) -> None:
        self.kinds: Counter[str] = Counter()

    def __call__(self, execute, sql, params, many, context):
        self.kinds[sql.lstrip().split(None, 1)[0].upper()] += 1
        return execute(sql, params, many, context)

    @property
    def total(self) -> int:
        return sum(self.kinds.values())

    def describe(self) -> str:
        return ", ".join(f"{kind} {n:,}" for kind, n in self.kinds.most_common())


@contextmanager
def counted():
    from django.db import connection

    counting = Counting()
    with connection.execute_wrapper(counting):
        yield counting


def scan(now: datetime):
    from reminders.services.scan import reminders_scan

    with counted() as queries:
        started = time.perf_counter()
        result = reminders_scan(now=now)
        elapsed = time.perf_counter() - started
    return result, elapsed, queries


def reset() -> None:
    from integrations.models import OutboxMessage
    from reminders.models import ReminderRun

    ReminderRun.objects.all().delete()
    OutboxMessage.objects.all().delete()


def run(*, invoices: int) -> None:
    from django.db import connection

    from billing.models import Invoice
    from integrations.models import OutboxMessage
    from reminders.models import ReminderRun

    print(f"database: {connection.vendor}; invoices sent, unpaid: {invoices:,}")
    print(f"{'scan':<44} {'seconds':>8} {'inv/s':>7} {'queries':>8} {'per inv':>8} {'sent':>6}")

    def row(label: str, result, elapsed: float, queries: Counting) -> None:
        claimed = len(result.sent)
        rate = f"{claimed / elapsed:,.0f}" if claimed else "—"
        per = f"{queries.total / invoices:.2f}"
        print(
            f"{label:<44} {elapsed:>8.3f} {rate:>7} {queries.total:>8,} {per:>8} {claimed:>6,}"
            f"  ({queries.describe()})"
        )

    first, elapsed, queries = scan(MONDAY)
    row("1. first scan, day 7 (Mon 10:00)", first, elapsed, queries)
    assert len(first.sent) == invoices, (len(first.sent), first)
    assert ReminderRun.objects.count() == OutboxMessage.objects.count() == invoices

    second, elapsed, queries = scan(MONDAY + timedelta(minutes=15))
    row("2. second scan, same day (all claimed)", second, elapsed, queries)
    assert not (second.sent or second.skipped or second.waiting or second.raced), second

    reset()
    tracemalloc.start()
    traced, elapsed, queries = scan(MONDAY)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    row("3. first scan again, under tracemalloc", traced, elapsed, queries)
    assert len(traced.sent) == invoices
    print(f"   peak memory of the first scan (tracemalloc): {peak / 2**20:,.1f} MiB")

    reset()
    Invoice.objects.update(sent_at=SATURDAY - timedelta(days=7))
    saturday, elapsed, queries = scan(SATURDAY)
    row("4. scan on a Saturday, day 7 (10:00)", saturday, elapsed, queries)
    assert len(saturday.waiting) == invoices and not saturday.sent, saturday
    assert ReminderRun.objects.count() == 0
    print(
        f"   {len(saturday.waiting):,} invoices wait for business hours "
        f"(next: {saturday.next_business_start.astimezone(FIRM):%a %Y-%m-%d %H:%M %Z})"
    )


if __name__ == "__main__":
    main()
