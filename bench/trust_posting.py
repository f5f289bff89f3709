"""Trust posting benchmark: entries per second through the one locking posting service.

Migrates a throw-away database (a temporary SQLite file by default; with ``--database-url`` an
empty PostgreSQL database, left filled), opens a trust account with ``--matters`` matters, then
posts ``--postings`` entries (deposits, withdrawals, refunds) one after another, and again from
``--threads`` threads at once competing for the same account lock. Prints postings per second,
queries per posting, and checks the ledger afterwards (journal = Σ matter ledgers, none below
zero):

    .venv/bin/python bench/trust_posting.py [--matters 200] [--postings 2000] [--threads 4]
                                            [--database-url postgres://…/remit_bench]

Not run by the tests.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DAY = date(2026, 11, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matters", type=int, default=200)
    parser.add_argument("--postings", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--database-url", default="", help="default: a temporary SQLite file")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="remit-bench-trust-"))
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'remit.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    run(matters=args.matters, postings=args.postings, threads=args.threads)


def _posting(account, matters, invoices, rng):
    from trust.services.posting import (
        InsufficientTrustFunds,
        trust_deposit_post,
        trust_refund_post,
        trust_withdrawal_post,
    )

    i = rng.randrange(len(matters))
    amount = Decimal(rng.randrange(100, 50000)) / 100
    choice = rng.random()
    try:
        if choice < 0.5:
            trust_deposit_post(
                account=account, matter=matters[i], amount=amount, effective_date=DAY,
                source="user",
            )  # fmt: skip
        elif choice < 0.85:
            trust_withdrawal_post(
                account=account, invoice=invoices[i], amount=amount, effective_date=DAY
            )
        else:
            trust_refund_post(account=account, matter=matters[i], amount=amount, effective_date=DAY)
    except InsufficientTrustFunds:
        return False
    return True


def run(*, matters: int, postings: int, threads: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from billing.models import BankAccount, Client, Invoice, Matter
    from trust.models import MatterLedger, TrustAccount, TrustEntry
    from trust.money import money_sum
    from trust.services.accounts import trust_account_create

    bank = BankAccount.objects.create(clio_id=1, name="IOLTA", type=BankAccount.Type.TRUST)
    account = trust_account_create(clio_bank_account=bank)
    client = Client.objects.create(clio_id=1, name="Bench client")
    mirror = [
        Matter(clio_id=10_000 + n, display_number=f"B{n:05d}", client=client)
        for n in range(matters)
    ]
    Matter.objects.bulk_create(mirror)
    all_matters = list(Matter.objects.order_by("pk"))
    invoices = [
        Invoice.objects.create(
            matter=m,
            trigger="threshold",
            period_key="bench",
            period_end=DAY,
            total=Decimal("99999999.00"),
        )
        for m in all_matters
    ]
    rng = random.Random(20261207)

    print(f"database: {connection.vendor}; matters: {matters}; postings: {postings}")
    sample = min(200, postings)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(sample):
            _posting(account, all_matters, invoices, rng)
    started = time.perf_counter()
    refused = sum(not _posting(account, all_matters, invoices, rng) for _ in range(postings))
    elapsed = time.perf_counter() - started
    posted = postings - refused
    print(
        f"sequential: {postings / elapsed:,.0f} postings/s ({posted} posted, {refused} refused "
        f"for want of funds); {len(queries) / sample:.1f} queries per posting (over {sample})"
    )

    per_thread = postings // threads
    outcomes: list[int] = []

    def worker(seed: int) -> None:
        local = random.Random(seed)
        try:
            outcomes.append(
                sum(_posting(account, all_matters, invoices, local) for _ in range(per_thread))
            )
        finally:
            connection.close()

    workers = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    started = time.perf_counter()
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    elapsed = time.perf_counter() - started
    total = per_thread * threads
    print(
        f"{threads} threads on one account: {total / elapsed:,.0f} postings/s "
        f"({sum(outcomes)} posted; each waits for the account's row lock)"
    )

    account.refresh_from_db()
    entries = TrustEntry.objects.filter(account=account)
    journal = money_sum(entries, "amount")
    ledgers = money_sum(MatterLedger.objects.filter(account=account), "balance")
    negative = MatterLedger.objects.filter(account=account, balance__lt=0).count()
    sequences = (
        entries.count() == account.entries_count == entries.order_by("-sequence").first().sequence
    )
    print(
        f"after: {entries.count():,} entries; journal ${journal:,} = Σ ledgers ${ledgers:,} = "
        f"cached ${account.balance:,}: {journal == ledgers == account.balance}; "
        f"matters below zero: {negative}; gapless sequence: {sequences}"
    )
    assert TrustAccount.objects.count() == 1


if __name__ == "__main__":
    main()
