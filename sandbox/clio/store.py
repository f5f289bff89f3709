"""The emulator's state: one SQLite file, one connection, one lock.

Every request runs inside ``transaction()``, which holds a process-wide re-entrant lock, so a
read-check-write (If-Match, single-use codes, trust balances) cannot interleave with another
thread's. Records are JSON documents keyed by (resource, id); keys starting with ``_`` are private
bookkeeping and never rendered.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    resource TEXT NOT NULL,
    id INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (resource, id)
);
CREATE TABLE IF NOT EXISTS sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS auth_codes (
    code TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    expires_at REAL NOT NULL,
    used INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS grants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    refresh_token TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS access_tokens (
    token TEXT PRIMARY KEY,
    grant_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    expires_at REAL NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    event TEXT,
    url TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    last_status_code INTEGER,
    last_error TEXT,
    attempt_log TEXT NOT NULL DEFAULT '[]',
    created_at REAL NOT NULL,
    finished_at REAL
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_attempt_at);
"""

# Distinct id ranges per resource make ids in logs and tests easy to tell apart.
ID_BASES = {
    "users": 3000,
    "contacts": 2000,
    "matters": 1000,
    "activities": 300,
    "bills": 800,
    "notes": 900,
    "communications": 1500,
    "tasks": 1700,
    "custom_fields": 60,
    "custom_field_values": 0,
    "practice_areas": 40,
    "matter_stages": 50,
    "bank_accounts": 500,
    "bank_transactions": 700,
    "webhooks": 1200,
    "email_addresses": 100,
    "phone_numbers": 150,
    "addresses": 180,
    "relationships": 1900,
    "matter_numbers": 0,
}


def utc_iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds")


def etag_for(record: dict[str, Any]) -> str:
    body = json.dumps({k: v for k, v in record.items() if k != "etag"}, sort_keys=True)
    return '"' + hashlib.md5(body.encode(), usedforsecurity=False).hexdigest() + '"'


class Result:
    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self.rows = cursor.fetchall()
        self.lastrowid = cursor.lastrowid

    def fetchone(self) -> sqlite3.Row | None:
        return self.rows[0] if self.rows else None

    def fetchall(self) -> list[sqlite3.Row]:
        return self.rows


class Store:
    def __init__(self, path: str) -> None:
        self.lock = threading.RLock()
        self._depth = 0
        self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.executescript(SCHEMA)

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        with self.lock:
            outermost = self._depth == 0
            if outermost:
                self.conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self
            except BaseException:
                self._depth -= 1
                if outermost:
                    self.conn.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outermost:
                self.conn.execute("COMMIT")

    def execute(self, sql: str, params: tuple | list = ()) -> Result:
        # Rows are fetched while the lock is held: the connection is shared by all threads.
        with self.lock:
            return Result(self.conn.execute(sql, params))

    def wipe(self) -> None:
        with self.transaction():
            for table in ("records", "sequences", "meta", "auth_codes", "grants"):
                self.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
            self.execute("DELETE FROM access_tokens")
            self.execute("DELETE FROM deliveries")

    # -- meta -------------------------------------------------------------------------------

    def meta_get(self, key: str) -> str | None:
        row = self.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row["value"] if row else None

    def meta_set(self, key: str, value: str) -> None:
        self.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # -- records ----------------------------------------------------------------------------

    def next_id(self, name: str) -> int:
        with self.transaction():
            row = self.execute("SELECT value FROM sequences WHERE name = ?", (name,)).fetchone()
            value = (row["value"] if row else ID_BASES.get(name, 0)) + 1
            self.execute(
                "INSERT OR REPLACE INTO sequences (name, value) VALUES (?, ?)", (name, value)
            )
            return value

    def get(self, resource: str, record_id: Any) -> dict[str, Any] | None:
        try:
            key = int(record_id)
        except (TypeError, ValueError):
            return None
        row = self.execute(
            "SELECT data FROM records WHERE resource = ? AND id = ?", (resource, key)
        ).fetchone()
        return json.loads(row["data"]) if row else None

    def get_stored(self, resource: str, record_id: Any) -> dict[str, Any]:
        """A record the caller knows is stored (validated, or referenced by a stored record)."""
        record = self.get(resource, record_id)
        if record is None:
            raise LookupError(f"{resource} {record_id} is not stored")
        return record

    def all(self, resource: str) -> list[dict[str, Any]]:
        rows = self.execute(
            "SELECT data FROM records WHERE resource = ? ORDER BY id", (resource,)
        ).fetchall()
        return [json.loads(row["data"]) for row in rows]

    def put(self, resource: str, record: dict[str, Any], *, at: float | None = None) -> dict:
        """Stamp ``updated_at`` (and ``created_at`` on first save) and a fresh etag, then save."""
        now = time.time() if at is None else at
        if "_created_ts" not in record:
            record["_created_ts"] = now
            record["created_at"] = utc_iso(now)
        record["_updated_ts"] = now
        record["updated_at"] = utc_iso(now)
        record["etag"] = etag_for(record)
        self.execute(
            "INSERT OR REPLACE INTO records (resource, id, data) VALUES (?, ?, ?)",
            (resource, record["id"], json.dumps(record)),
        )
        return record

    def delete(self, resource: str, record_id: int) -> None:
        self.execute("DELETE FROM records WHERE resource = ? AND id = ?", (resource, record_id))
