"""Reading transactions: the transaction object and search (reference §3, §6)."""

from __future__ import annotations

import sqlite3
from functools import partial
from typing import Any

from .errors import GatewayError, invalid
from .ids import parse_timestamp
from .store import loads

OPTIONAL = (
    "authorization_code",
    "cvv_result",
    "avs_result",
    "reference",
    "capture_reference",
    "void_reference",
    "failure_code",
    "charge_id",
)
PAGE_SIZE_DEFAULT = 20
PAGE_SIZE_MAX = 1000  # UNVERIFIED: the gateway's maximum is not documented.


def transaction_serialize(
    conn: sqlite3.Connection, row: sqlite3.Row, *, refunds: bool = False
) -> dict[str, Any]:
    """The transaction object. Only GET /v1/transactions/{id} passes ``refunds``: there a
    charge lists its refunds ([J] get_transaction.md); search results, events and the other
    answers carry no ``refunds[]`` ([J] search_transactions.md's results show none)."""
    transaction: dict[str, Any] = {
        "id": row["id"],
        "created": row["created"],
        "modified": row["modified"],
        "type": row["type"],
        "account_id": row["account_id"],
        "status": row["status"],
        "amount": row["amount"],
        "currency": row["currency"],
        "auto_capture": bool(row["auto_capture"]),
        "amount_refunded": row["amount_refunded"],
        "method": loads(row["method"]),
    }
    for field in OPTIONAL:
        if row[field] is not None:
            transaction[field] = row[field]
    if row["data"] is not None:
        transaction["data"] = loads(row["data"])
    if row["chargeback"] is not None:
        # UNVERIFIED, invented: the reference documents no chargeback representation.
        transaction["chargeback"] = loads(row["chargeback"])
    if refunds and row["type"] == "CHARGE":
        rows = conn.execute(
            "SELECT * FROM transactions WHERE charge_id = ? ORDER BY seq", (row["id"],)
        ).fetchall()
        transaction["refunds"] = [transaction_serialize(conn, refund) for refund in rows]
    return transaction


def transaction_row(conn: sqlite3.Connection, *, transaction_id: str, mode: str) -> sqlite3.Row:
    """A key sees only its own mode's transactions; anything else is simply not found."""
    row = conn.execute(
        "SELECT * FROM transactions WHERE id = ? AND mode = ?", (transaction_id, mode)
    ).fetchone()
    if row is None:
        raise GatewayError("resource_not_found")
    return row


def _positive_int(args, name: str, default: int) -> int:
    text = args.get(name)
    try:
        value = default if text in (None, "") else int(text)
    except ValueError:
        raise invalid(name) from None
    if value < 1:
        raise invalid(name, "below_minimum_value")
    return value


def page_params(args) -> tuple[int, int]:
    page_size = min(_positive_int(args, "page_size", PAGE_SIZE_DEFAULT), PAGE_SIZE_MAX)
    return _positive_int(args, "page", 1), page_size


def envelope(results: list[Any], *, page: int, page_size: int) -> dict[str, Any]:
    start = (page - 1) * page_size
    return {
        "page": page,
        "page_size": page_size,
        "total_entries": len(results),
        "results": results[start : start + page_size],
    }


def _leaves(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    if isinstance(value, bool):
        return [str(value).lower()]
    return [] if value is None else [str(value)]


def _field(transaction: dict[str, Any], path: str) -> Any:
    value: Any = transaction
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _matches_field(transaction: dict[str, Any], path: str, text: str) -> bool:
    value = _field(transaction, path)
    if value is None and "." not in path:
        # The documented example qf=name:Targ names a field that lives on the method.
        value = _field(transaction, f"method.{path}")
    return any(text in leaf.lower() for leaf in _leaves(value))


def _date_param(args, name: str):
    text = args.get(name)
    if not text:
        return None
    try:
        return parse_timestamp(text)
    except ValueError:
        raise GatewayError("search_failed", f"Unable to parse {name}", context=name) from None


def _sort_key_at(transaction: dict[str, Any], *, path: str) -> tuple[int, Any]:
    return _sort_key(_field(transaction, path))


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None:
        return (0, "")
    if isinstance(value, bool | int):
        return (1, int(value))
    return (2, str(value))


def transactions_search(conn: sqlite3.Connection, *, mode: str, args) -> dict[str, Any]:
    """Search as GET /v1/transactions documents it.

    Matching is case-insensitive substring over the stored values (UNVERIFIED: the gateway's
    index is full-text and its exact matching rules are not documented).
    """
    page, page_size = page_params(args)
    sql, params = "SELECT * FROM transactions WHERE mode = ?", [mode]
    if args.get("account_id"):
        sql += " AND account_id = ?"
        params.append(args["account_id"])
    start, end = _date_param(args, "start_date"), _date_param(args, "end_date")
    order_by = args.get("order_by") or "-created"
    keys = [k.strip() for k in order_by.split(",") if k.strip()]
    # Timestamps tie within a millisecond; insertion order breaks ties in the sort's direction.
    newest_first = bool(keys) and keys[0].startswith("-")
    rows = conn.execute(
        sql + (" ORDER BY seq DESC" if newest_first else " ORDER BY seq"), params
    ).fetchall()
    transactions = []
    for row in rows:
        created = parse_timestamp(row["created"])
        if (start and created < start) or (end and created > end):
            continue
        transactions.append(transaction_serialize(conn, row))
    query = (args.get("q") or "").strip().lower()
    if query:
        transactions = [t for t in transactions if any(query in v.lower() for v in _leaves(t))]
    for spec in args.getlist("qf"):
        path, colon, text = spec.partition(":")
        if not colon or not path:
            raise GatewayError("search_failed", f"qf must be field:value, got {spec!r}")
        transactions = [t for t in transactions if _matches_field(t, path, text.lower())]
    # Sorting by each key from the last to the first gives a stable multi-key sort.
    for key in reversed(keys):
        descending = key.startswith("-")
        path = key.lstrip("-+")
        transactions.sort(key=partial(_sort_key_at, path=path), reverse=descending)
    return envelope(transactions, page=page, page_size=page_size)
