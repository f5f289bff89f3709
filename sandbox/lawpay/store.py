"""The emulator's own state: one sqlite file shared by the request threads and the workers."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS merchant (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL,
    test_events_urls TEXT,
    live_events_urls TEXT,
    profile TEXT,
    created TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('card', 'bank')),
    mode TEXT NOT NULL CHECK (mode IN ('TEST', 'LIVE')),
    name TEXT NOT NULL,
    is_primary INTEGER NOT NULL,
    trust_account INTEGER NOT NULL,
    status TEXT NOT NULL,
    required_payment_fields TEXT,
    created TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pages (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    mode TEXT NOT NULL,
    title TEXT NOT NULL,
    merchant_account_id TEXT NOT NULL REFERENCES accounts (id),
    ach_account_id TEXT NOT NULL REFERENCES accounts (id)
);
CREATE TABLE IF NOT EXISTS tokens (
    id TEXT PRIMARY KEY,
    details TEXT NOT NULL,
    created TEXT NOT NULL,
    created_epoch REAL NOT NULL,
    used INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS transactions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    mode TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('CHARGE', 'REFUND', 'CREDIT')),
    account_id TEXT NOT NULL,
    status TEXT NOT NULL
        CHECK (status IN ('PENDING', 'AUTHORIZED', 'COMPLETED', 'VOIDED', 'FAILED')),
    amount INTEGER NOT NULL CHECK (amount > 0),
    currency TEXT NOT NULL,
    auto_capture INTEGER NOT NULL,
    amount_refunded INTEGER NOT NULL DEFAULT 0 CHECK (amount_refunded >= 0),
    authorization_code TEXT,
    method TEXT NOT NULL,
    cvv_result TEXT,
    avs_result TEXT,
    reference TEXT,
    capture_reference TEXT,
    void_reference TEXT,
    failure_code TEXT,
    data TEXT,
    charge_id TEXT,
    chargeback TEXT,
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    authorized_epoch REAL,
    CHECK (amount_refunded <= amount)
);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    mode TEXT NOT NULL,
    type TEXT NOT NULL,
    created TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL REFERENCES events (id),
    url TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_epoch REAL NOT NULL,
    claimed INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL,
    UNIQUE (event_id, url)
);
CREATE TABLE IF NOT EXISTS delivery_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id INTEGER NOT NULL REFERENCES deliveries (id),
    attempted TEXT NOT NULL,
    status_code INTEGER,
    error TEXT,
    simulated INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS forced_failures (
    url TEXT PRIMARY KEY,
    remaining INTEGER NOT NULL CHECK (remaining >= 0),
    status_code INTEGER NOT NULL
);
"""

# Columns added since the first release: a --db file from before gains them on start.
ADDED_COLUMNS = (
    ("merchant", "profile", "TEXT"),
    ("accounts", "required_payment_fields", "TEXT"),
)

TABLES = (
    "delivery_attempts",
    "deliveries",
    "forced_failures",
    "events",
    "transactions",
    "tokens",
    "pages",
    "accounts",
    "merchant",
)


class Store:
    """Hands out one sqlite connection per thread.

    Writers use ``transaction()``, which takes sqlite's write lock up front (BEGIN IMMEDIATE):
    read-then-write sequences such as "remaining refundable amount" are then serialised across
    request threads and the workers without any lock in Python.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.changed = threading.Event()
        self._local = threading.local()
        conn = self.connection()
        conn.executescript(SCHEMA)
        for table, column, declaration in ADDED_COLUMNS:
            present = {row["name"] for row in conn.execute(f"PRAGMA table_info({table})")}
            if column not in present:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")

    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        # Wakes the delivery worker so a new event goes out at once rather than at its next poll.
        self.changed.set()

    def wipe(self, conn: sqlite3.Connection) -> None:
        # sqlite_sequence is kept on purpose: ids are never reused, so a worker still holding a
        # row id from before the wipe cannot touch a newer row.
        for table in TABLES:
            conn.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names


def dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, separators=(",", ":"))


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)
