"""Index endpoints: common and per-resource filters, ordering, cursor and offset paging.

Reference §2: ``limit`` 1-200 (default 200); cursor paging when ordering by id (follow
``meta.paging.next``, which carries ``page_token``); ``offset`` paging capped at 10,000 records
with 422 ArgumentError past it; ``previous``/``next`` omitted when there is no such page.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from .errors import argument_error
from .filters import FILTERS, values
from .schema import RESOURCES, Resource

MAX_LIMIT = 200
OFFSET_CAP = 10_000
ORDER_RE = re.compile(r"^([a-z_]+(?:\.[a-z_]+)?)(?:\((asc|desc)\))?$")
# Orders the spec names that are not a field of the record: what each sorts by here
# (``association.field``, or None for an order the emulator has nothing to sort by, which keeps
# id order: no record is shared with a client or granted).
ORDER_ALIASES: dict[str, dict[str, str | None]] = {
    "contacts": {"shared_at": None},
    "matters": {"clients": "client.name", "grants": None},
    "activities": {"display_number": "matter.display_number"},
    "bills": {"client_name": "client.name", "matter_display_number": "matters.display_number"},
    "tasks": {"due_at_strict": "due_at"},
}


def parse_timestamp(name: str, raw: str) -> float:
    text = raw.strip().replace(" ", "+")  # a '+' offset arrives as a space when not encoded
    try:
        if len(text) == 10:
            parsed = datetime.combine(date.fromisoformat(text), datetime.min.time())
        else:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise argument_error(f"{name} must be an ISO-8601 timestamp") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def _int(name: str, raw: str | None, default: int) -> int:
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise argument_error(f"{name} must be an integer") from exc


def _encode_token(payload: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def _decode_token(token: str) -> dict:
    try:
        padded = token + "=" * (-len(token) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error) as exc:
        raise argument_error("page_token is invalid") from exc
    if not isinstance(payload, dict):
        raise argument_error("page_token is invalid")
    return payload


def _order_field(resource: Resource, name: str) -> str | None:
    """The field (or ``association.field``) an order sorts by, ``""`` for none; None if the
    order is not one Clio takes."""
    aliases = ORDER_ALIASES.get(resource.name, {})
    if name in aliases:
        return aliases[name] or ""
    head, _, tail = name.partition(".")
    field = resource.fields.get(head)
    if field is None:
        return None
    if not tail:
        return name
    if field.kind not in ("ref", "refs") or tail not in RESOURCES[field.target].fields:
        # An association without a record here (task_type, vendor, statute_of_limitations...).
        return "" if field.kind == "opaque" else None
    return name


def _value(resource: Resource, store: Any, record: dict, field: str) -> Any:
    head, _, tail = field.partition(".")
    definition = resource.fields[head]
    value = definition.compute(store, record) if definition.compute else record.get(head)
    if not tail:
        return value
    target = RESOURCES[definition.target]
    ids = value if isinstance(value, list) else [value]
    linked = [store.get(target.name, i) for i in ids if i is not None]
    linked = [r for r in linked if r is not None]
    if not linked:
        return None
    return _value(target, store, linked[0], tail)


def _sort_key(resource: Resource, store: Any, field: str) -> Callable[[dict], Any]:
    def key(record: dict) -> Any:
        value = _value(resource, store, record, field) if field else None
        if isinstance(value, dict):
            value = value.get("id")
        # None sorts first, and mixed types never compare with each other.
        return (value is not None, str(type(value)), value if value is not None else 0)

    return key


def _matches_query(store: Any, resource: Resource, record: dict, text: str) -> bool:
    needle = text.lower().strip("*")
    for name in resource.query_fields:
        if name == "_client_name":
            client = store.get("contacts", record.get("client")) or {}
            value = client.get("name")
        else:
            definition = resource.fields.get(name)
            compute = definition.compute if definition else None
            value = compute(store, record) if compute else record.get(name)
        if value is not None and needle in str(value).lower():
            return True
    return False


def select(store: Any, resource: Resource, args: MultiDict) -> list[dict]:
    records = store.all(resource.name)
    wanted_ids = values(args, "ids")
    if wanted_ids:
        try:
            id_set = {int(v) for v in wanted_ids}
        except ValueError as exc:
            raise argument_error("ids must be integers") from exc
        records = [r for r in records if r["id"] in id_set]
    if args.get("created_since"):
        since = parse_timestamp("created_since", args["created_since"])
        records = [r for r in records if r["_created_ts"] >= since]
    if args.get("updated_since"):
        since = parse_timestamp("updated_since", args["updated_since"])
        records = [r for r in records if r["_updated_ts"] >= since]
    if args.get("query"):
        records = [r for r in records if _matches_query(store, resource, r, args["query"])]
    for apply in FILTERS.get(resource.name, ()):
        records = apply(store, records, args)
    return records


def paginate(
    store: Any, resource: Resource, records: list[dict], args: MultiDict, base_url: str
) -> tuple[list[dict], dict]:
    limit = _int("limit", args.get("limit"), MAX_LIMIT)
    if not 1 <= limit <= MAX_LIMIT:
        raise argument_error(f"limit must be between 1 and {MAX_LIMIT}")
    order = args.get("order") or f"{resource.default_order}(asc)"
    match = ORDER_RE.match(order.strip())
    field = _order_field(resource, match.group(1)) if match else None
    if match is None or field is None:
        raise argument_error(f"order '{order}' is not a valid order")
    direction = match.group(2) or "asc"
    # ``records`` arrive in id order and the sort is stable, so ties in a custom order break by
    # id and pages never overlap.
    ordered = sorted(records, key=_sort_key(resource, store, field))
    if direction == "desc":
        ordered.reverse()

    def link(**params: Any) -> str:
        query = MultiDict(args)
        for name in ("page_token", "offset"):
            query.poplist(name)
        for name, value in params.items():
            query[name] = str(value)
        return f"{base_url}?{urlencode(list(query.items(multi=True)))}"

    paging: dict[str, str] = {}
    if "offset" in args:
        offset = _int("offset", args.get("offset"), 0)
        if offset < 0 or offset >= OFFSET_CAP:
            raise argument_error(
                f"offset must be less than {OFFSET_CAP}; use cursor paging (order=id(asc) "
                "without offset) to read further"
            )
        reachable = ordered[:OFFSET_CAP]
        page = reachable[offset : offset + limit]
        if offset + limit < len(reachable):
            paging["next"] = link(offset=offset + limit)
        if offset > 0:
            paging["previous"] = link(offset=max(0, offset - limit))
    elif field == "id":
        token = _decode_token(args["page_token"]) if args.get("page_token") else {}
        ids = [r["id"] for r in ordered]
        if "after" in token:
            start = next(
                (i for i, rid in enumerate(ids) if _beyond(rid, token["after"], direction)),
                len(ids),
            )
        elif "before" in token:
            end = next(
                (i for i, rid in enumerate(ids) if not _beyond(token["before"], rid, direction)),
                len(ids),
            )
            start = max(0, end - limit)
        else:
            start = 0
        page = ordered[start : start + limit]
        if page and start + limit < len(ordered):
            paging["next"] = link(page_token=_encode_token({"after": page[-1]["id"]}))
        if page and start > 0:
            paging["previous"] = link(page_token=_encode_token({"before": page[0]["id"]}))
    else:
        token = _decode_token(args["page_token"]) if args.get("page_token") else {}
        start = int(token.get("position", 0))
        page = ordered[start : start + limit]
        if start + limit < len(ordered):
            paging["next"] = link(page_token=_encode_token({"position": start + limit}))
        if start > 0:
            paging["previous"] = link(page_token=_encode_token({"position": max(0, start - limit)}))
    return page, {"paging": paging, "records": len(records)}


def _beyond(record_id: int, cursor: int, direction: str) -> bool:
    return record_id > cursor if direction == "asc" else record_id < cursor
