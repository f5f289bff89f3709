"""Clio's records as mirror values: pure mapping, no database, no HTTP."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from billing.models import Activity, BankAccount, Client, Matter

logger = logging.getLogger(__name__)

CENTS = Decimal("0.01")


def _money(value: Any) -> Decimal:
    return _decimal(value).quantize(CENTS)


def _decimal(value: Any) -> Decimal:
    if value is None or value == "":
        return Decimal(0)
    try:
        # str() first: Clio sends JSON numbers, and Decimal(float) would keep binary noise.
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc


def moment_parse(value: Any) -> datetime | None:
    """A Clio timestamp, aware (UTC when Clio leaves the zone out); ``None`` if it is none."""
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, UTC)
    return parsed


def _day(value: Any) -> date | None:
    return parse_date(value) if isinstance(value, str) else None


def ref_id(value: Any) -> int | None:
    """The id of a nested record (``{"id": …}``); ``None`` when there is none."""
    return value.get("id") if isinstance(value, dict) else None


def _name(value: Any) -> str:
    return str(value.get("name") or "") if isinstance(value, dict) else ""


def _choice(value: Any, choices: type[models.TextChoices], *, default: str, what: str) -> str:
    lowered = str(value or "").lower()
    if lowered in choices.values:
        return lowered
    logger.warning("clio sync: unknown %s %r, using %r", what, value, default)
    return default


def _common(data: dict) -> dict[str, Any]:
    return {
        "clio_id": int(data["id"]),
        "clio_etag": str(data.get("etag") or "")[:100],
        "clio_updated_at": moment_parse(data.get("updated_at")),
    }


def clio_user_values(data: dict) -> dict[str, Any]:
    return {
        **_common(data),
        "name": str(data.get("name") or "")[:200],
        "email": str(data.get("email") or "")[:254],
        "enabled": bool(data.get("enabled", True)),
    }


def bank_account_values(data: dict) -> dict[str, Any]:
    kind = str(data.get("type") or "")
    return {
        **_common(data),
        "name": str(data.get("name") or "")[:200],
        # Clio answers "Operating"/"Trust" (the index filter says "TrustAccount", §5.6).
        "type": BankAccount.Type.TRUST
        if kind.lower().startswith("trust")
        else BankAccount.Type.OPERATING,
        "currency": str(data.get("currency") or "USD")[:3],
        "balance": _money(data.get("balance")),
        "default_account": bool(data.get("default_account")),
    }


def client_values(data: dict) -> dict[str, Any]:
    kind = data.get("type") if data.get("type") in Client.Type.values else Client.Type.PERSON
    return {
        **_common(data),
        "name": str(data.get("name") or "")[:300],
        "type": kind,
        "primary_email": str(data.get("primary_email_address") or "")[:254],
    }


def matter_values(data: dict) -> dict[str, Any]:
    balances = [
        {
            "id": b.get("id"),
            "name": b.get("name") or "",
            "type": b.get("type") or "",
            # Kept as text: JSON numbers would come back as floats.
            "balance": str(_money(b.get("balance"))),
        }
        for b in data.get("account_balances") or []
    ]
    return {
        **_common(data),
        "display_number": str(data.get("display_number") or "")[:200],
        "description": str(data.get("description") or ""),
        # Capitalized in responses, lower-case everywhere else (clio-api.md §7.4).
        "status": _choice(
            data.get("status"), Matter.Status, default=Matter.Status.PENDING, what="matter status"
        ),
        "billing_method": _choice(
            data.get("billing_method"),
            Matter.BillingMethod,
            default=Matter.BillingMethod.HOURLY,
            what="billing method",
        ),
        "practice_area": _name(data.get("practice_area"))[:200],
        "matter_stage": _name(data.get("matter_stage"))[:200],
        "open_date": _day(data.get("open_date")),
        "close_date": _day(data.get("close_date")),
        "clio_trust_balance": sum(
            (Decimal(b["balance"]) for b in balances if b["type"].lower().startswith("trust")),
            Decimal("0.00"),
        ),
        "account_balances": balances,
        "custom_field_values": [
            {"id": v.get("id"), "field_name": v.get("field_name"), "value": v.get("value")}
            for v in data.get("custom_field_values") or []
        ],
    }


def activity_values(data: dict) -> dict[str, Any]:
    day = _day(data.get("date"))
    if day is None:
        raise ValueError(f"activity {data.get('id')} has no date")
    kind = data.get("type") if data.get("type") in Activity.Type.values else Activity.Type.TIME
    return {
        **_common(data),
        "type": kind,
        "date": day,
        # Seconds since API 4.0.4 (clio-api.md §5.3); null when the firm redacts hours.
        "quantity_seconds": _decimal(data.get("quantity")).quantize(CENTS),
        "rounded_quantity_seconds": _decimal(data.get("rounded_quantity")).quantize(CENTS),
        "price": _money(data.get("price")),
        "total": _money(data.get("total")),
        "description": str(data.get("note") or ""),
        "non_billable": bool(data.get("non_billable")),
        "no_charge": bool(data.get("no_charge")),
        "on_bill": bool(data.get("on_bill")),
        "billed": bool(data.get("billed")),
        "clio_bill_id": ref_id(data.get("bill")),
    }
