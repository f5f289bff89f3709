"""What every writer checks a body with: references, required keys, dates, numbers, booleans,
choices, and custom field values (reference §5). Failures raise 422 ArgumentError."""

from __future__ import annotations

import hashlib
import json
import math
from datetime import UTC, date, datetime
from typing import Any

from ..context import Ctx
from ..errors import argument_error
from ..store import utc_iso


def ref(ctx: Ctx, body: dict, key: str, resource: str, *, required: bool = False) -> int | None:
    raw = body.get(key)
    if raw is None:
        if required:
            raise argument_error(f"{key} is required")
        return None
    # Whatever the body holds; int() refuses what is not an id.
    raw_id: Any = raw.get("id") if isinstance(raw, dict) else raw
    try:
        record_id = int(raw_id)
    except (TypeError, ValueError) as exc:
        raise argument_error(f"{key} must be an object with an id") from exc
    if ctx.store.get(resource, record_id) is None:
        raise argument_error(f"{key} {record_id} does not exist")
    return record_id


def required(body: dict, *keys: str) -> None:
    for key in keys:
        if body.get(key) in (None, ""):
            raise argument_error(f"{key} is required")


def date_of(body: dict, key: str) -> str | None:
    raw = body.get(key)
    if raw in (None, ""):
        return None
    try:
        return date.fromisoformat(str(raw)[:10]).isoformat()
    except ValueError as exc:
        raise argument_error(f"{key} must be a date (YYYY-MM-DD)") from exc


def timestamp_of(body: dict, key: str) -> str | None:
    raw = body.get(key)
    if raw in (None, ""):
        return None
    try:
        parsed = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError as exc:
        raise argument_error(f"{key} must be an ISO-8601 timestamp") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat(timespec="seconds")


def number_of(body: dict, key: str) -> float | None:
    raw: Any = body.get(key)
    if raw in (None, ""):
        return None
    try:
        value = float(raw)
    except (TypeError, ValueError) as exc:
        raise argument_error(f"{key} must be a number") from exc
    if not math.isfinite(value):
        raise argument_error(f"{key} must be a number")
    return value


def bool_of(body: dict, key: str) -> bool | None:
    raw = body.get(key)
    if raw is None:
        return None
    if isinstance(raw, bool):
        return raw
    if str(raw).lower() in ("true", "1"):
        return True
    if str(raw).lower() in ("false", "0"):
        return False
    raise argument_error(f"{key} must be true or false")


def enum_of(body: dict, key: str, choices: tuple[str, ...]) -> str | None:
    raw = body.get(key)
    if raw is None:
        return None
    if raw not in choices:
        raise argument_error(f"{key} must be one of {', '.join(choices)}")
    return raw


def copy_strings(record: dict, body: dict, *keys: str) -> None:
    for key in keys:
        if key in body:
            record[key] = None if body[key] is None else str(body[key])


def copy_bools(record: dict, body: dict, *keys: str) -> None:
    for key in keys:
        value = bool_of(body, key)
        if value is not None:
            record[key] = value


def item_etag(item: dict) -> str:
    data = json.dumps({k: v for k, v in item.items() if k != "etag"}, sort_keys=True)
    return '"' + hashlib.md5(data.encode(), usedforsecurity=False).hexdigest() + '"'


def custom_field_values(ctx: Ctx, record: dict, body: dict, parent_type: str) -> None:
    if "custom_field_values" not in body:
        return
    items = body["custom_field_values"]
    if not isinstance(items, list):
        raise argument_error("custom_field_values must be a list")
    current = list(record.get("custom_field_values") or [])
    now = utc_iso(ctx.now())
    for item in items:
        if not isinstance(item, dict):
            raise argument_error("custom_field_values entries must be objects")
        if item.get("id") not in (None, ""):
            existing = next((c for c in current if c["id"] == str(item["id"])), None)
            if existing is None:
                raise argument_error(f"custom_field_values {item['id']} does not exist")
            if bool_of(item, "_destroy"):
                current.remove(existing)
                continue
            existing["value"] = item.get("value")
        else:
            field_id = ref(ctx, item, "custom_field", "custom_fields", required=True)
            custom_field = ctx.store.get_stored("custom_fields", field_id)
            if custom_field["parent_type"] != parent_type:
                raise argument_error(f"custom_field {field_id} is not a {parent_type} field")
            if any(c["custom_field"] == field_id for c in current):
                # One value per field and record: a second one is refused, not merged, so a
                # client must read the value's id first and update by it (422 is UNVERIFIED).
                raise argument_error(
                    f"custom_field_values: a value for custom_field {field_id} already exists "
                    "on this record; update it by its id"
                )
            # Value ids are composite strings such as "text_line-1" (reference §5.1).
            value_id = ctx.store.next_id("custom_field_values")
            existing = {
                "id": f"{custom_field['field_type']}-{value_id}",
                "custom_field": field_id,
                "created_at": now,
                "value": item.get("value"),
            }
            current.append(existing)
        existing["updated_at"] = now
        existing["etag"] = item_etag(existing)
    for value in current:
        custom_field = ctx.store.get("custom_fields", value["custom_field"]) or {}
        if custom_field.get("required") and value.get("value") in (None, ""):
            raise argument_error(f"{custom_field['name']} is required")
    record["custom_field_values"] = current
