"""The merchant, its deposit accounts and its hosted pages (reference §2, §4, §5)."""

from __future__ import annotations

import sqlite3
from typing import Any
from urllib.parse import urlsplit

from .errors import GatewayError, invalid
from .ids import timestamp
from .settings import Settings

CARD_TYPES = ["VISA", "MASTERCARD", "AMERICAN_EXPRESS", "DISCOVER"]
EVENTS_URLS_MAX = 1024


def account_serialize(row: sqlite3.Row) -> dict[str, Any]:
    account = {
        "id": row["id"],
        "created": row["created"],
        "modified": row["modified"],
        "status": row["status"],
        "name": row["name"],
        "primary": bool(row["is_primary"]),
        "trust_account": bool(row["trust_account"]),
        "currency": "USD",
        "type": "TEST" if row["mode"] == "TEST" else "TSYS",
        "required_payment_fields": [],
    }
    if row["kind"] == "card":
        account |= {
            "accepted_card_types": CARD_TYPES,
            "cvv_policy": "OPTIONAL",
            "avs_policy": "OPTIONAL",
            "ignore_avs_failure_if_cvv_match": False,
        }
    else:
        account |= {
            "routing_number": "******013",
            "account_number": "******6789",
            "account_type": "CHECKING",
            "bank_name": "FIRST BANK OF TESTING",
        }
    return account


def account_get(conn: sqlite3.Connection, account_id: str) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM accounts WHERE id = ?", (account_id,)).fetchone()


def account_primary(conn: sqlite3.Connection, *, mode: str, kind: str) -> sqlite3.Row | None:
    return conn.execute(
        "SELECT * FROM accounts WHERE mode = ? AND kind = ? AND is_primary = 1"
        " AND status = 'ACTIVE'",
        (mode, kind),
    ).fetchone()


def merchant_serialize(
    conn: sqlite3.Connection, *, mode: str, settings: Settings
) -> dict[str, Any]:
    row = conn.execute("SELECT * FROM merchant").fetchone()
    accounts = conn.execute(
        "SELECT * FROM accounts WHERE mode = ? ORDER BY is_primary DESC, created, name", (mode,)
    ).fetchall()
    merchant = {
        "id": row["id"],
        "created": row["created"],
        "modified": row["modified"],
        "name": row["name"],
        "status": "ACTIVE",
        "public_key": settings.public_key,
        "merchant_accounts": [account_serialize(a) for a in accounts if a["kind"] == "card"],
        "ach_accounts": [account_serialize(a) for a in accounts if a["kind"] == "bank"],
    }
    for field in ("test_events_urls", "live_events_urls"):
        if row[field] is not None:
            merchant[field] = row[field]
    return merchant


def _events_urls_clean(field: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        value = ",".join(str(v) for v in value)
    if not isinstance(value, str):
        raise invalid(field)
    if len(value) > EVENTS_URLS_MAX:
        raise invalid(field, "invalid_length", f"{field} is longer than {EVENTS_URLS_MAX}")
    urls = [url.strip() for url in value.split(",") if url.strip()]
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise invalid(field, "invalid", f"{url!r} is not an http(s) URL")
    return ",".join(urls) or None


def merchant_update(conn: sqlite3.Connection, *, body: dict[str, Any]) -> None:
    """Set the webhook URL lists; other merchant fields are read-only in the sandbox."""
    changes = {
        field: _events_urls_clean(field, body[field])
        for field in ("test_events_urls", "live_events_urls")
        if field in body
    }
    for field, value in changes.items():
        conn.execute(
            f"UPDATE merchant SET {field} = ?, modified = ?",  # noqa: S608 - fixed field names
            (value, timestamp()),
        )


def events_urls(conn: sqlite3.Connection, *, mode: str) -> list[str]:
    row = conn.execute("SELECT test_events_urls, live_events_urls FROM merchant").fetchone()
    value = row["test_events_urls" if mode == "TEST" else "live_events_urls"] if row else None
    return [url for url in (value or "").split(",") if url]


def page_get(conn: sqlite3.Connection, *, merchant_slug: str, page_slug: str) -> sqlite3.Row:
    row = conn.execute(
        "SELECT pages.* FROM pages, merchant WHERE merchant.slug = ? AND pages.slug = ?",
        (merchant_slug, page_slug),
    ).fetchone()
    if row is None:
        raise GatewayError("resource_not_found")
    return row


def pages_list(conn: sqlite3.Connection, *, mode: str, base_url: str) -> list[dict[str, Any]]:
    merchant = conn.execute("SELECT slug, name FROM merchant").fetchone()
    rows = conn.execute("SELECT * FROM pages WHERE mode = ? ORDER BY id", (mode,)).fetchall()
    return [
        {
            "id": row["id"],
            "title": row["title"],
            "merchant_account_id": row["merchant_account_id"],
            "ach_account_id": row["ach_account_id"],
            "payment_link_subject": "Request for Payment",
            "payment_link_body": f"Dear customer,\n\nPlease pay {merchant['name']} online.",
            "description": "Payment Detail",
            "public_url": f"{base_url}/pages/{merchant['slug']}/{row['slug']}",
        }
        for row in rows
    ]
