"""The collections dashboard on the demo firm and on it ×10: server time and queries per view.

    .venv/bin/python bench/collections_dashboard.py [--runs 15] [--database-url URL]

Migrates a throw-away database (a temporary SQLite file by default; with ``--database-url`` an
empty database of your own, left seeded), seeds billing's tables directly with a firm shaped like
the demo seed (``python -m sandbox.seed``: 320 matters, 170 clients, 5 attorneys, 8 practice
areas) and a year of its invoices — three per matter, about 960, with five lines each, their
LawPay payments, trust applied on some, the reminder runs their age implies, a few unmatched
payments and attention items — then requests the dashboard, its CSV and the two metrics APIs
through Django's test client as a billing clerk and as an attorney. Then it adds nine more
copies of the firm (×10: 3,200 matters, about 9,600 invoices) and measures again: the query
counts must be the same. Not run by tests.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

MATTERS = 320
CLIENTS = 170
INVOICES_PER_MATTER = 3
LINES_PER_INVOICE = 5
ATTORNEYS = ["Michael Okafor", "Elena Rossi", "David Kim", "Hannah Whitfield", "Marcus Bell"]
AREAS = [
    "Litigation",
    "Family Law",
    "Estate Planning",
    "Corporate",
    "Real Estate",
    "Personal Injury",
    "Employment",
    "Criminal Defense",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database-url", default="", help="default: a temporary SQLite file")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="remit-bench-collections-"))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'remit.sqlite3'}"
    os.environ["REMIT_VAR_DIR"] = str(workdir / "var")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    users()
    from django.db import connection

    print(f"database: {connection.vendor}")
    print(f"{'firm':<6} {'view':<28} {'queries':>7} {'median ms':>10} {'p90 ms':>8}")
    rng = random.Random(42)
    for copy in range(10):
        seed(copy=copy, rng=rng)
        if copy in (0, 9):
            run(label="demo" if copy == 0 else "×10", runs=args.runs)


def users() -> None:
    from django.contrib.auth.models import Group, User

    from billing.models import ClioUser

    clerk = User.objects.create_user("bench-clerk")
    clerk.groups.add(Group.objects.get(name="Billing staff"))
    lawyer = User.objects.create_user("bench-attorney")
    lawyer.groups.add(Group.objects.get(name="Attorney"))
    ClioUser.objects.bulk_create(
        [ClioUser(clio_id=n, name=name, remit_user=lawyer if n == 1 else None)
         for n, name in enumerate(ATTORNEYS, start=1)]
    )  # fmt: skip


def seed(*, copy: int, rng: random.Random) -> None:
    from django.utils import timezone

    from billing.models import (
        AttentionItem,
        Client,
        ClioUser,
        Invoice,
        InvoiceLine,
        Matter,
        Payment,
    )
    from reminders.models import ReminderRun, ReminderStep

    started = time.perf_counter()
    now = timezone.now()
    base = copy * 100_000
    attorneys = list(ClioUser.objects.order_by("clio_id"))
    steps = {step.day_offset: step for step in ReminderStep.objects.filter(active=True)}
    clients = Client.objects.bulk_create(
        [Client(clio_id=base + n, name=f"Client {copy}-{n}", primary_email=f"c{base + n}@ex.com")
         for n in range(1, CLIENTS + 1)]
    )  # fmt: skip
    matters = Matter.objects.bulk_create(
        [Matter(clio_id=base + n, display_number=f"{copy}{n:05d}-Demo",
                client=clients[n % CLIENTS], responsible_attorney=rng.choice(attorneys),
                originating_attorney=rng.choice(attorneys), practice_area=rng.choice(AREAS))
         for n in range(1, MATTERS + 1)]
    )  # fmt: skip
    invoices, plans = [], []
    for matter in matters:
        for k in range(INVOICES_PER_MATTER):
            sent_at = now - timedelta(days=rng.randint(0, 360), hours=rng.randint(0, 23))
            total = Decimal(rng.randint(300, 9000))
            roll = rng.random()
            trust = total if roll < 0.08 else Decimal(0)
            if trust or roll < 0.7:
                status, paid = Invoice.Status.PAID, total - trust
                paid_at = min(sent_at + timedelta(days=rng.choice([2, 5, 9, 14, 25, 33, 60])), now)
            elif roll < 0.8:
                status, paid, paid_at = Invoice.Status.PARTIALLY_PAID, total / 2, None
            else:
                status, paid, paid_at = Invoice.Status.SENT, Decimal(0), None
            number = f"R-B{copy}-{len(invoices) + 1:06d}"
            invoices.append(
                Invoice(matter=matter, status=status, trigger=Invoice.Trigger.THRESHOLD,
                        period_key=f"bench:{k}", period_end=sent_at.date(), number=number,
                        total=total, trust_applied=trust, amount_paid=paid,
                        approved_at=sent_at - timedelta(hours=2), sent_at=sent_at,
                        paid_at=paid_at, due_date=(sent_at + timedelta(days=30)).date())
            )  # fmt: skip
            plans.append((sent_at, paid_at, paid))
    invoices = Invoice.objects.bulk_create(invoices, batch_size=1000)
    lines, payments, runs, items = [], [], [], []
    for invoice, (sent_at, paid_at, paid) in zip(invoices, plans, strict=True):
        for n in range(LINES_PER_INVOICE):
            worked = (sent_at - timedelta(days=rng.randint(3, 45))).date()
            lines.append(
                InvoiceLine(invoice=invoice, date=worked,
                            description=f"Work {n}", hours=Decimal(1), rate=invoice.total / 5,
                            amount=invoice.total / 5)
            )  # fmt: skip
        if paid:
            payments.append(
                Payment(invoice=invoice, matter=invoice.matter, amount=paid,
                        lawpay_transaction_id=f"bench-{invoice.pk}", lawpay_account_id="op",
                        reference=f"{invoice.matter.display_number}-{invoice.number}",
                        received_at=paid_at or sent_at + timedelta(days=3))
            )  # fmt: skip
        until = paid_at or now
        for day, step in steps.items():
            if sent_at + timedelta(days=day) < until:
                flag = step.action == ReminderStep.Action.FLAG_ATTORNEY
                reached = ReminderRun.Status.FLAGGED if flag else ReminderRun.Status.SENT
                runs.append(
                    ReminderRun(invoice=invoice, step=step, day_offset=day, action=step.action,
                                due_on=(sent_at + timedelta(days=day)).date(),
                                status=reached,
                                claimed_at=sent_at + timedelta(days=day))
                )  # fmt: skip
        if rng.random() < 0.02:
            items.append(AttentionItem(invoice=invoice, matter=invoice.matter,
                                       reason=AttentionItem.Reason.OVERPAYMENT))  # fmt: skip
    for n in range(6):
        payments.append(
            Payment(amount=Decimal(250), lawpay_transaction_id=f"bench-unmatched-{copy}-{n}",
                    lawpay_account_id="op", reference="typo", received_at=now - timedelta(days=n))
        )  # fmt: skip
    InvoiceLine.objects.bulk_create(lines, batch_size=2000)
    Payment.objects.bulk_create(payments, batch_size=2000)
    ReminderRun.objects.bulk_create(runs, batch_size=2000)
    AttentionItem.objects.bulk_create(items)
    print(
        f"seeded copy {copy + 1}: {len(invoices)} invoices, {len(lines)} lines, "
        f"{len(payments)} payments, {len(runs)} reminder runs "
        f"in {time.perf_counter() - started:.1f} s"
    )


def run(*, label: str, runs: int) -> None:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from billing.models import Invoice

    clerk, lawyer = Client(), Client()
    clerk.force_login(User.objects.get(username="bench-clerk"))
    lawyer.force_login(User.objects.get(username="bench-attorney"))
    print(f"-- {label}: {Invoice.objects.count()} invoices")
    for view, client, url in [
        ("page, billing clerk", clerk, "/billing/dashboard/"),
        ("page, attorney", lawyer, "/billing/dashboard/"),
        ("CSV, all figures", clerk, "/billing/dashboard.csv"),
        ("API aging", clerk, "/api/v1/metrics/aging/"),
        ("API cycle-time", clerk, "/api/v1/metrics/cycle-time/"),
    ]:
        timings, counts = [], set()
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                if response.streaming:
                    b"".join(response.streaming_content)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            counts.add(len(queries))
        timings.sort()
        p90 = timings[max(int(len(timings) * 0.9) - 1, 0)]
        count = "/".join(str(c) for c in sorted(counts))
        print(f"{label:<6} {view:<28} {count:>7} {statistics.median(timings):>10.1f} {p90:>8.1f}")


if __name__ == "__main__":
    main()
