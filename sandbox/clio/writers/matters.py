"""Matters: numbers, display numbers, status changes and their events, custom rates."""

from __future__ import annotations

import re

from ..context import Ctx
from ..errors import argument_error
from ..store import utc_iso
from .common import (
    bool_of,
    copy_bools,
    copy_strings,
    custom_field_values,
    date_of,
    item_etag,
    ref,
    required,
)

MATTER_STATUSES = {"open": "Open", "pending": "Pending", "closed": "Closed"}
RATE_TYPES = {"HourlyRate": "hourly", "FlatRate": "flat", "ContingencyFee": "contingency"}
STATUS_EVENTS = {"Open": "matter_opened", "Pending": "matter_pended", "Closed": "matter_closed"}
STATUS_DATES = {"Open": "open_date", "Pending": "pending_date", "Closed": "close_date"}


def _client_short_name(contact: dict) -> str:
    if contact.get("type") == "Person":
        base = contact.get("last_name") or contact.get("first_name") or contact["name"]
    else:
        base = (contact.get("name") or "").split()[0] if contact.get("name") else "Client"
    return re.sub(r"[^A-Za-z0-9]", "", base) or "Client"


def matter_write(ctx: Ctx, record: dict, body: dict, *, creating: bool) -> list[str]:
    if creating:
        required(body, "description")
        record.update(
            currency="USD",
            billable=True,
            shared=False,
            location=None,
            client_reference=None,
            custom_number=None,
            maildrop_address=None,
            open_date=None,
            close_date=None,
            pending_date=None,
            practice_area=None,
            responsible_attorney=None,
            originating_attorney=None,
            responsible_staff=None,
            relationships=[],
            matter_stage=None,
            matter_stage_updated_at=None,
            custom_field_values=[],
            billing_method="hourly",
            custom_rate=None,
            user=ctx.user_id,
            status="Open",
        )
    client_id = ref(ctx, body, "client", "contacts", required=creating)
    if client_id is not None:
        record["client"] = client_id
    copy_strings(record, body, "description", "location", "client_reference", "custom_number")
    copy_bools(record, body, "billable")
    for key, resource in (
        ("practice_area", "practice_areas"),
        ("responsible_attorney", "users"),
        ("originating_attorney", "users"),
        ("responsible_staff", "users"),
    ):
        if key in body:
            record[key] = ref(ctx, body, key, resource)
    if "matter_stage" in body:
        stage = ref(ctx, body, "matter_stage", "matter_stages")
        if stage != record.get("matter_stage"):
            record["matter_stage"] = stage
            record["matter_stage_updated_at"] = utc_iso(ctx.now())
    if "custom_rate" in body:
        rate = body["custom_rate"]
        if rate is not None:
            if not isinstance(rate, dict) or rate.get("type") not in RATE_TYPES:
                raise argument_error("custom_rate.type must be one of " + ", ".join(RATE_TYPES))
            record["billing_method"] = RATE_TYPES[rate["type"]]
            on_invoice = bool_of(rate, "on_invoice")
            rate = {
                **rate,
                "on_invoice": bool(on_invoice)
                if on_invoice is not None
                else bool((record.get("custom_rate") or {}).get("on_invoice")),
            }
        else:
            record["billing_method"] = "hourly"
        record["custom_rate"] = rate
    _relationships(ctx, record, body)
    for key in ("open_date", "close_date", "pending_date"):
        if key in body:
            record[key] = date_of(body, key)

    events: list[str] = []
    if "status" in body:
        raw = str(body["status"] or "").lower()
        if raw not in MATTER_STATUSES:
            raise argument_error("status must be one of open, pending, closed")
        status = MATTER_STATUSES[raw]
        if status != record["status"] or creating:
            if not creating:
                events.append(STATUS_EVENTS[status])
            record["status"] = status
            date_key = STATUS_DATES[status]
            if date_key not in body or not body[date_key]:
                record[date_key] = ctx.today()
    if creating and record["status"] == "Open" and not record["open_date"]:
        record["open_date"] = ctx.today()

    custom_field_values(ctx, record, body, "Matter")
    if creating:
        record["number"] = ctx.store.next_id("matter_numbers")
        client = ctx.store.get_stored("contacts", record["client"])
        record["display_number"] = body.get("display_number") or (
            f"{record['number']:05d}-{_client_short_name(client)}"
        )
        if not client.get("is_client"):
            client["is_client"] = True
            ctx.store.put("contacts", client)
    elif body.get("display_number"):
        record["display_number"] = str(body["display_number"])
    return events


def _relationships(ctx: Ctx, record: dict, body: dict) -> None:
    """``relationships: [{description, contact: {id}}]`` adds; ``{id, _destroy: true}`` removes;
    ``{id, description}`` changes (the Matter bodies, 4.0.13)."""
    if "relationships" not in body:
        return
    items = body["relationships"]
    if not isinstance(items, list):
        raise argument_error("relationships must be a list")
    current = list(record.get("relationships") or [])
    now = utc_iso(ctx.now())
    for item in items:
        if not isinstance(item, dict):
            raise argument_error("relationships entries must be objects")
        if item.get("id") not in (None, ""):
            existing = next((r for r in current if str(r["id"]) == str(item["id"])), None)
            if existing is None:
                raise argument_error(f"relationships {item['id']} does not exist on this matter")
            if bool_of(item, "_destroy"):
                current.remove(existing)
                continue
            copy_strings(existing, item, "description")
        else:
            required(item, "description", "contact")
            existing = {
                "id": ctx.store.next_id("relationships"),
                "description": str(item["description"]),
                "contact": ref(ctx, item, "contact", "contacts", required=True),
                "created_at": now,
            }
            current.append(existing)
        existing["updated_at"] = now
        existing["etag"] = item_etag(existing)
    record["relationships"] = current


def matter_delete(ctx: Ctx, record: dict) -> bool:
    if any(a.get("matter") == record["id"] and a.get("bill") for a in ctx.store.all("activities")):
        raise argument_error("a matter with billed activities cannot be deleted")
    if any(t.get("matter") == record["id"] for t in ctx.store.all("bank_transactions")):
        raise argument_error("a matter with bank transactions cannot be deleted")
    return True
