"""The merchant, its deposit accounts and its hosted pages (reference §2, §4, §5)."""

from __future__ import annotations

import ipaddress
import json
import sqlite3
from typing import Any
from urllib.parse import urlsplit

from .errors import GatewayError, invalid
from .ids import timestamp
from .settings import Settings

CARD_TYPES = ["VISA", "MASTERCARD", "AMERICAN_EXPRESS", "DISCOVER"]
EVENTS_URLS_MAX = 1024
EVENTS_URLS_FIELDS = ("test_events_urls", "live_events_urls")
# The merchant's writable fields besides its name and events URLs ([J] types/merchant.md,
# update_merchant.md), kept as one JSON object.
PROFILE_FIELDS = (
    "contact_name",
    "contact_email",
    "contact_phone",
    "address1",
    "address2",
    "city",
    "state",
    "postal_code",
    "country",
    "timezone",
    "api_allowed_ip_address_ranges",
)
# Card and bank fields an account may require in the payment method (reference §8.3).
REQUIRED_FIELD_CHOICES = ("name", "address1", "city", "state", "postal_code", "country", "cvv")


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
        "required_payment_fields": account_required_fields(row),
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


def account_required_fields(row: sqlite3.Row) -> list[str]:
    return json.loads(row["required_payment_fields"] or "[]")


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
        **json.loads(row["profile"] or "{}"),
        "merchant_accounts": [account_serialize(a) for a in accounts if a["kind"] == "card"],
        "ach_accounts": [account_serialize(a) for a in accounts if a["kind"] == "bank"],
    }
    for field in EVENTS_URLS_FIELDS:
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


def _ip_ranges(value: str | None) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [
        ipaddress.ip_network(item.strip(), strict=False)
        for item in (value or "").split(",")
        if item.strip()
    ]


def _profile_clean(body: dict[str, Any]) -> dict[str, str]:
    profile = {}
    for field in PROFILE_FIELDS:
        value = body.get(field)
        if value in (None, ""):
            continue
        if not isinstance(value, str):
            raise invalid(field)
        profile[field] = value.strip()
    try:
        _ip_ranges(profile.get("api_allowed_ip_address_ranges"))
    except ValueError:
        raise invalid("api_allowed_ip_address_ranges", "invalid", "Not a CIDR range") from None
    return profile


def merchant_update(conn: sqlite3.Connection, *, body: dict[str, Any], replace: bool) -> None:
    """PUT replaces the whole writable record: a field the body leaves out is blanked, as the
    official clients' PUT semantics suggest the real gateway may do (UNVERIFIED). PATCH (not
    documented for /v1/merchant) changes only the fields sent. Read-only and unknown fields
    are ignored."""
    row = conn.execute("SELECT * FROM merchant").fetchone()
    if not replace:
        current = {"name": row["name"], **json.loads(row["profile"] or "{}")}
        current |= {field: row[field] for field in EVENTS_URLS_FIELDS}
        body = current | body
    name = body.get("name")
    if name is not None and not isinstance(name, str):
        raise invalid("name")
    urls = {field: _events_urls_clean(field, body.get(field)) for field in EVENTS_URLS_FIELDS}
    conn.execute(
        "UPDATE merchant SET name = ?, profile = ?, test_events_urls = ?, live_events_urls = ?,"
        " modified = ? WHERE id = ?",
        (
            (name or "").strip(),
            json.dumps(_profile_clean(body)),
            urls["test_events_urls"],
            urls["live_events_urls"],
            timestamp(),
            row["id"],
        ),
    )


def merchant_ip_check(conn: sqlite3.Connection, *, remote_addr: str | None) -> None:
    """Refuse a secret-key request from outside ``api_allowed_ip_address_ranges`` ([J]
    restricting_client_access.md; an empty list allows any IP). The 401's context names the
    policy field (UNVERIFIED: the real body is undocumented and may be a bare not_authorized)."""
    row = conn.execute("SELECT profile FROM merchant").fetchone()
    profile = json.loads(row["profile"] or "{}") if row else {}
    ranges = _ip_ranges(profile.get("api_allowed_ip_address_ranges"))
    if not ranges:
        return
    try:
        address = ipaddress.ip_address(remote_addr or "")
    except ValueError:
        address = None
    if address is None or not any(address in network for network in ranges):
        raise GatewayError(
            "not_authorized",
            "Requests from this IP address are not allowed by the merchant's policy",
            context="api_allowed_ip_address_ranges",
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
