"""Events and their delivery to the merchant's webhook URLs (reference §5).

Every transaction state change records an event in the same sqlite transaction as the change,
together with one delivery row per URL configured for the event's mode. A background thread
POSTs due deliveries; because the rows are the only record, a restart resumes them.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
import urllib.error
import urllib.request
from typing import Any

from .errors import GatewayError, invalid
from .ids import new_id, parse_timestamp, timestamp
from .merchant import events_urls
from .settings import Settings
from .store import Store, dumps, loads
from .transactions import envelope, page_params, transaction_serialize

log = logging.getLogger(__name__)

# "a maximum of 6 times, with an initial 1-hour delay that increases by 1 hour for each failed
# attempt": the first attempt plus six retries, waiting k hours after the k-th failure.
MAX_RETRIES = 6
POLL_SECONDS = 1.0


def event_record(conn: sqlite3.Connection, *, transaction: sqlite3.Row, type: str) -> str:
    """Record ``type`` for the transaction as it is now, and queue its deliveries."""
    return event_record_data(
        conn, mode=transaction["mode"], type=type, data=transaction_serialize(conn, transaction)
    )


def event_record_data(
    conn: sqlite3.Connection, *, mode: str, type: str, data: dict[str, Any]
) -> str:
    event_id, created = new_id(), timestamp()
    conn.execute(
        "INSERT INTO events (id, mode, type, created, data) VALUES (?, ?, ?, ?, ?)",
        (event_id, mode, type, created, dumps(data)),
    )
    for url in events_urls(conn, mode=mode):
        conn.execute(
            "INSERT INTO deliveries (event_id, url, status, next_attempt_epoch, created)"
            " VALUES (?, ?, 'pending', ?, ?)",
            (event_id, url, time.time(), created),
        )
    return event_id


def event_serialize(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "created": row["created"],
        "type": row["type"],
        "data": loads(row["data"]),
    }


def event_get(conn: sqlite3.Connection, *, event_id: str, mode: str) -> dict[str, Any]:
    row = conn.execute(
        "SELECT * FROM events WHERE id = ? AND mode = ?", (event_id, mode)
    ).fetchone()
    if row is None:
        raise GatewayError("resource_not_found")
    return event_serialize(row)


def events_list(conn: sqlite3.Connection, *, mode: str, args) -> dict[str, Any]:
    """Newest first, but oldest first when ``start_date`` is given (it is meant for syncing)."""
    page, page_size = page_params(args)
    start_text = args.get("start_date")
    if start_text:
        try:
            start = parse_timestamp(start_text)
        except ValueError:
            raise invalid("start_date") from None
        rows = conn.execute("SELECT * FROM events WHERE mode = ? ORDER BY seq", (mode,)).fetchall()
        rows = [row for row in rows if parse_timestamp(row["created"]) >= start]
    else:
        rows = conn.execute(
            "SELECT * FROM events WHERE mode = ? ORDER BY seq DESC", (mode,)
        ).fetchall()
    return envelope([event_serialize(row) for row in rows], page=page, page_size=page_size)


def deliveries_list(conn: sqlite3.Connection, *, args) -> list[dict[str, Any]]:
    sql = "SELECT deliveries.*, events.type FROM deliveries JOIN events"
    sql += " ON events.id = deliveries.event_id WHERE 1 = 1"
    params: list[Any] = []
    for field in ("event_id", "url", "status"):
        if args.get(field):
            sql += f" AND deliveries.{field} = ?"
            params.append(args[field])
    deliveries = []
    for row in conn.execute(sql + " ORDER BY deliveries.id", params).fetchall():
        attempts = conn.execute(
            "SELECT attempted, status_code, error, simulated FROM delivery_attempts"
            " WHERE delivery_id = ? ORDER BY id",
            (row["id"],),
        ).fetchall()
        deliveries.append(
            {
                "id": row["id"],
                "event_id": row["event_id"],
                "event_type": row["type"],
                "url": row["url"],
                "status": row["status"],
                "attempts": [
                    {
                        "attempted": a["attempted"],
                        "status_code": a["status_code"],
                        "error": a["error"],
                        "simulated": bool(a["simulated"]),
                    }
                    for a in attempts
                ],
                "next_attempt_in_seconds": (
                    max(0.0, round(row["next_attempt_epoch"] - time.time(), 3))
                    if row["status"] == "pending"
                    else None
                ),
            }
        )
    return deliveries


def deliveries_fail_next(
    conn: sqlite3.Connection, *, url: str, count: int, status_code: int
) -> None:
    conn.execute(
        "INSERT INTO forced_failures (url, remaining, status_code) VALUES (?, ?, ?)"
        " ON CONFLICT (url) DO UPDATE SET remaining = excluded.remaining,"
        " status_code = excluded.status_code",
        (url, count, status_code),
    )


def deliveries_retry_now(conn: sqlite3.Connection) -> int:
    return conn.execute(
        "UPDATE deliveries SET next_attempt_epoch = ? WHERE status = 'pending'", (time.time(),)
    ).rowcount


def _post(url: str, body: bytes, *, timeout: float) -> tuple[int | None, str | None]:
    request = urllib.request.Request(  # noqa: S310 - the merchant configured this http(s) URL
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "User-Agent": "lawpay-sandbox/1"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, None
    except urllib.error.HTTPError as error:
        return error.code, None
    except (OSError, ValueError) as error:
        return None, str(error)


def delivery_attempt(store: Store, *, delivery_id: int, settings: Settings) -> None:
    """Attempt one due delivery, unless another worker claimed it first."""
    with store.transaction() as conn:
        claimed = conn.execute(
            "UPDATE deliveries SET claimed = 1 WHERE id = ? AND status = 'pending'"
            " AND claimed = 0 AND next_attempt_epoch <= ?",
            (delivery_id, time.time()),
        ).rowcount
        if claimed != 1:
            return
        delivery = conn.execute(
            "SELECT deliveries.*, events.data, events.type, events.created AS event_created,"
            " events.id AS eid FROM deliveries JOIN events ON events.id = deliveries.event_id"
            " WHERE deliveries.id = ?",
            (delivery_id,),
        ).fetchone()
        forced = conn.execute(
            "UPDATE forced_failures SET remaining = remaining - 1 WHERE url = ? AND remaining > 0"
            " RETURNING status_code",
            (delivery["url"],),
        ).fetchone()
    error: str | None
    if forced is not None:
        status_code, error, simulated = forced["status_code"], "failed by /_sandbox control", True
    else:
        body = json.dumps(
            {
                "id": delivery["eid"],
                "created": delivery["event_created"],
                "type": delivery["type"],
                "data": loads(delivery["data"]),
            }
        ).encode()
        status_code, error = _post(delivery["url"], body, timeout=settings.delivery_timeout)
        simulated = False
    attempts = delivery["attempts"] + 1
    # Only 200 OK counts: the reference quotes "doesn't respond with a 200 OK" (other 2xx
    # UNVERIFIED), so a receiver answering 204 is retried like a failure.
    if status_code == 200:
        status, next_epoch = "delivered", delivery["next_attempt_epoch"]
    elif attempts > MAX_RETRIES:
        status, next_epoch = "failed", delivery["next_attempt_epoch"]
    else:
        status, next_epoch = "pending", time.time() + attempts * settings.time_scale
    with store.transaction() as conn:
        # A reset during the POST deletes the row (ids are never reused), and then there is
        # nothing left to record.
        still_ours = conn.execute(
            "UPDATE deliveries SET status = ?, attempts = ?, next_attempt_epoch = ?, claimed = 0"
            " WHERE id = ? AND claimed = 1",
            (status, attempts, next_epoch, delivery_id),
        ).rowcount
        if still_ours:
            conn.execute(
                "INSERT INTO delivery_attempts"
                " (delivery_id, attempted, status_code, error, simulated) VALUES (?, ?, ?, ?, ?)",
                (delivery_id, timestamp(), status_code, error, simulated),
            )
    log.info(
        "delivery %s of event %s to %s: %s",
        delivery_id,
        delivery["eid"],
        delivery["url"],
        status_code or error,
    )


def deliveries_due(store: Store) -> list[int]:
    rows = store.connection().execute(
        "SELECT id FROM deliveries WHERE status = 'pending' AND claimed = 0"
        " AND next_attempt_epoch <= ? ORDER BY next_attempt_epoch, id LIMIT 50",
        (time.time(),),
    )
    return [row["id"] for row in rows.fetchall()]


def deliveries_unclaim_all(store: Store) -> None:
    """At startup no attempt can be in flight: claims left by a killed process are stale."""
    with store.transaction() as conn:
        conn.execute("UPDATE deliveries SET claimed = 0 WHERE claimed = 1")


def _seconds_until_next_due(store: Store) -> float:
    row = (
        store.connection()
        .execute(
            "SELECT min(next_attempt_epoch) FROM deliveries"
            " WHERE status = 'pending' AND claimed = 0"
        )
        .fetchone()
    )
    if row[0] is None:
        return POLL_SECONDS
    return min(POLL_SECONDS, max(0.01, row[0] - time.time()))


def delivery_worker(store: Store, *, settings: Settings, stop: threading.Event) -> None:
    """Deliver due events one at a time until ``stop``; a slow receiver delays the others."""
    while not stop.is_set():
        store.changed.clear()
        try:
            for delivery_id in deliveries_due(store):
                if stop.is_set():
                    return
                delivery_attempt(store, delivery_id=delivery_id, settings=settings)
            wait = _seconds_until_next_due(store)
        except Exception:
            log.exception("delivery worker pass failed")
            wait = POLL_SECONDS
        store.changed.wait(wait)
