"""Three-way reconciliation over 1,000,000 trust entries (PostgreSQL): seconds and queries.

    .venv/bin/python bench/trust_reconciliation.py [--entries 1000000] [--matters 5000]
                                                   [--database-url postgres://…/] [--keep]

Creates a database of its own (``remit_bench_reconciliation`` on the server ``--database-url``
or DATABASE_URL names; dropped at the end unless ``--keep``), migrates it, and fills one trust
account in SQL (``INSERT … SELECT generate_series``): ``--matters`` matter ledgers, the entries
spread over 23 months in posting order (deposits and refunds, each with its running balance),
one bank statement per month whose lines match every entry but the last days' and every
thousandth, and a few bank charges the books never saw. Inserts are the one write the ledger's
append-only triggers allow, so they stay installed. Then it times the November 2026 report
(three runs) and its sign-off, with query counts. Not run by the tests.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DB_NAME = "remit_bench_reconciliation"
FIRST_DAY, PERIOD_END = date(2025, 1, 1), date(2026, 11, 30)
BANK_CHARGES = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--matters", type=int, default=5000)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL server (its database name is replaced by the bench's own)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    parts = urlsplit(args.database_url)
    if parts.scheme not in ("postgres", "postgresql"):
        sys.exit("PostgreSQL only: give --database-url postgres://…")
    import psycopg

    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{DB_NAME}"))
    os.environ["REMIT_VAR_DIR"] = tempfile.mkdtemp(prefix="remit-bench-reconciliation-")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        reconciliation = seed(entries=args.entries, matters=args.matters)
        run(reconciliation)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def seed(*, entries: int, matters: int):
    from django.contrib.auth.models import Group, User
    from django.db import connection

    from billing.models import BankAccount, Client, ClioUser, Matter
    from trust.models import BankStatement, MatterLedger, Reconciliation
    from trust.services.accounts import trust_account_create

    started = time.perf_counter()
    attorney = ClioUser.objects.create(clio_id=1, name="Bench attorney")
    clients = Client.objects.bulk_create(
        [Client(clio_id=i, name=f"Client {i}") for i in range(1, matters + 1)], batch_size=2000
    )
    rows = Matter.objects.bulk_create(
        [
            Matter(clio_id=i, display_number=f"{i:05d}-Bench", client=clients[i - 1],
                   responsible_attorney=attorney)
            for i in range(1, matters + 1)
        ],
        batch_size=2000,
    )  # fmt: skip
    bank = BankAccount.objects.create(clio_id=1, name="IOLTA", type=BankAccount.Type.TRUST)
    account = trust_account_create(clio_bank_account=bank)
    MatterLedger.objects.bulk_create(
        [MatterLedger(account=account, matter=m) for m in rows], batch_size=2000
    )
    user = User.objects.create(username="bench-admin")
    user.groups.add(Group.objects.get(name="Admin"))
    per_ledger = -(-entries // matters)
    span = (PERIOD_END - FIRST_DAY).days
    with connection.cursor() as cursor:
        # Entry s goes to ledger (s-1) % matters as its k-th entry: odd k a $100 deposit, even k
        # a $60 refund; dates grow with k, so posting order is date order in every ledger.
        cursor.execute(
            """
            INSERT INTO trust_trustentry (account_id, ledger_id, matter_id, sequence, kind, amount,
                available_change, effective_date, source, source_ref, memo, balance_after,
                available_after, posted_at)
            SELECT %(account)s, l.id, l.matter_id, s, e.kind, e.amount, e.amount,
                   DATE %(first)s + ((k - 1) * %(span)s / %(per)s)::int, 'processor', 'b' || s,
                   'Bench', e.after, e.after, now()
            FROM generate_series(1, %(entries)s) AS s
            CROSS JOIN LATERAL (SELECT (s - 1) / %(matters)s + 1 AS k,
                                       (s - 1) %% %(matters)s AS idx) AS pos
            JOIN (SELECT id, matter_id, row_number() OVER (ORDER BY id) - 1 AS idx
                  FROM trust_matterledger) AS l ON l.idx = pos.idx
            CROSS JOIN LATERAL (SELECT
                CASE WHEN k %% 2 = 1 THEN 'deposit' ELSE 'refund' END AS kind,
                CASE WHEN k %% 2 = 1 THEN 100.00 ELSE -60.00 END AS amount,
                ((k + 1) / 2) * 100.00 - (k / 2) * 60.00 AS after) AS e
            ORDER BY s
            """,
            {"account": account.pk, "first": FIRST_DAY, "span": span, "per": per_ledger,
             "entries": entries, "matters": matters},
        )  # fmt: skip
        cursor.execute(
            """
            UPDATE trust_matterledger AS l SET balance = x.b, available = x.b, entries_count = x.n
            FROM (SELECT DISTINCT ON (ledger_id) ledger_id, balance_after AS b,
                         count(*) OVER (PARTITION BY ledger_id) AS n
                  FROM trust_trustentry ORDER BY ledger_id, id DESC) AS x
            WHERE x.ledger_id = l.id
            """
        )
        cursor.execute(
            "UPDATE trust_trustaccount SET balance = (SELECT sum(amount) FROM trust_trustentry),"
            " entries_count = (SELECT count(*) FROM trust_trustentry) WHERE id = %s",
            [account.pk],
        )
    statements = {}
    month = FIRST_DAY
    while month <= PERIOD_END:
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        end = date.fromordinal(following.toordinal() - 1)
        statements[month] = BankStatement.objects.create(
            account=account, period_end=end, opening_balance=0, closing_balance=0,
            file_name=f"{end:%Y-%m}.csv", file_sha256=f"{end:%Y%m%d}".ljust(64, "0"),
            status=BankStatement.Status.ACCEPTED, uploaded_by=user,
        )  # fmt: skip
        month = following
    with connection.cursor() as cursor:
        # The bank shows each entry a day later, but not the last five days' or every 1000th.
        cursor.execute(
            """
            INSERT INTO trust_statementline (statement_id, account_id, row_number, posted_on,
                description, amount, reference, fingerprint, entry_id, matched_at,
                matched_automatically, confirmed_transfer)
            SELECT st.id, e.account_id, e.sequence, e.effective_date + 1, 'Bank line', e.amount,
                   '', md5(e.id::text) || md5('l' || e.id::text), e.id, now(), true, false
            FROM trust_trustentry AS e
            JOIN trust_bankstatement AS st
              ON st.period_end = (date_trunc('month', e.effective_date + 1)
                                  + interval '1 month - 1 day')::date
            WHERE e.effective_date + 1 <= DATE %(cut)s AND e.sequence %% 1000 <> 0
            ORDER BY e.id
            """,
            {"cut": date(2026, 11, 25)},
        )
        cursor.execute(
            """
            INSERT INTO trust_statementline (statement_id, account_id, row_number, posted_on,
                description, amount, reference, fingerprint, matched_automatically,
                confirmed_transfer)
            SELECT %(statement)s, %(account)s, 1000000 + i, DATE %(day)s, 'Service charge',
                   -0.01, '', md5('fee' || i) || md5('fee2' || i), false, false
            FROM generate_series(1, %(charges)s) AS i
            """,
            {"statement": statements[date(2026, 11, 1)].pk, "account": account.pk,
             "day": date(2026, 11, 20), "charges": BANK_CHARGES},
        )  # fmt: skip
        cursor.execute(
            "SELECT sum(amount), count(*) FROM trust_statementline WHERE posted_on <= %s",
            [PERIOD_END],
        )
        closing, lines = cursor.fetchone()
        cursor.execute(
            "UPDATE trust_bankstatement SET closing_balance = %s WHERE id = %s",
            [closing, statements[date(2026, 11, 1)].pk],
        )
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM trust_trustentry")
        (count,) = cursor.fetchone()
    print(
        f"seeded {count:,} entries in {matters:,} ledgers and {lines:,} statement lines "
        f"in {time.perf_counter() - started:.1f} s"
    )
    made = Reconciliation.objects.create(
        account=account, period_end=PERIOD_END, statement=statements[date(2026, 11, 1)]
    )
    return Reconciliation.objects.select_related("account", "statement").get(pk=made.pk)


def run(reconciliation) -> None:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from trust.selectors_reconciliation import reconciliation_report
    from trust.services.reconciliation import reconciliation_sign_off

    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    print(f"{'step':<22} {'seconds':>8} {'queries':>8}")
    report = None
    for attempt in range(1, 4):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            report = reconciliation_report(reconciliation=reconciliation)
            seconds = time.perf_counter() - started
        print(f"{f'report, run {attempt}':<22} {seconds:>8.2f} {len(queries):>8}")
    assert report is not None
    print(
        f"  statement ${report.statement_balance:,} + in transit ${report.deposits_in_transit:,}"
        f" ({len(report.in_transit)}) − outstanding ${report.outstanding_withdrawals:,}"
        f" ({len(report.outstanding)}) = adjusted ${report.adjusted_bank_balance:,}"
    )
    print(
        f"  journal ${report.journal_balance:,}, matter ledgers ${report.ledgers_balance:,}, "
        f"{len(report.unmatched_lines)} bank lines not in the books "
        f"(difference ${report.bank_difference:,})"
    )
    user = User.objects.get(username="bench-admin")
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        signed = reconciliation_sign_off(
            reconciliation=reconciliation, user=user, explanation="Bench: bank charges."
        )
        seconds = time.perf_counter() - started
    print(f"{'sign-off':<22} {seconds:>8.2f} {len(queries):>8}")
    assert signed.account.locked_through == PERIOD_END


if __name__ == "__main__":
    main()
