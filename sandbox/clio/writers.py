"""Validate a request body and apply it to a record, one writer per resource (reference §5).

``create(ctx, record, body)`` and ``update(ctx, record, body)`` mutate ``record`` in place and
return extra webhook events to fire (e.g. ``matter_closed``). ``delete(ctx, record)`` returns
True to remove the record, or False after turning the deletion into a state change (bills are
voided, custom fields soft-deleted). Validation failures raise 422 ArgumentError.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import secrets
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from . import fields as fields_module
from .context import Ctx
from .errors import argument_error
from .schema import (
    BASE_EVENTS,
    MATTER_EVENTS,
    RESOURCES,
    WEBHOOK_MODEL_IDS,
    WEBHOOK_MODELS,
    money,
)
from .store import utc_iso

ROUNDING_SECONDS = 360  # time entries round up to 0.1 h, a common Clio firm setting
WEBHOOK_DEFAULT_LIFETIME = timedelta(days=3)
WEBHOOK_MAX_LIFETIME = timedelta(days=31)


# -- small validators -----------------------------------------------------------------------


def _ref(ctx: Ctx, body: dict, key: str, resource: str, *, required: bool = False) -> int | None:
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


def _required(body: dict, *keys: str) -> None:
    for key in keys:
        if body.get(key) in (None, ""):
            raise argument_error(f"{key} is required")


def _date(body: dict, key: str) -> str | None:
    raw = body.get(key)
    if raw in (None, ""):
        return None
    try:
        return date.fromisoformat(str(raw)[:10]).isoformat()
    except ValueError as exc:
        raise argument_error(f"{key} must be a date (YYYY-MM-DD)") from exc


def _timestamp(body: dict, key: str) -> str | None:
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


def _number(body: dict, key: str) -> float | None:
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


def _bool(body: dict, key: str) -> bool | None:
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


def _enum(body: dict, key: str, choices: tuple[str, ...]) -> str | None:
    raw = body.get(key)
    if raw is None:
        return None
    if raw not in choices:
        raise argument_error(f"{key} must be one of {', '.join(choices)}")
    return raw


def _copy_strings(record: dict, body: dict, *keys: str) -> None:
    for key in keys:
        if key in body:
            record[key] = None if body[key] is None else str(body[key])


def _copy_bools(record: dict, body: dict, *keys: str) -> None:
    for key in keys:
        value = _bool(body, key)
        if value is not None:
            record[key] = value


def _item_etag(item: dict) -> str:
    data = json.dumps({k: v for k, v in item.items() if k != "etag"}, sort_keys=True)
    return '"' + hashlib.md5(data.encode(), usedforsecurity=False).hexdigest() + '"'


def _nested_list(ctx: Ctx, record: dict, body: dict, key: str, sequence: str, build: Any) -> None:
    """Clio's nested-collection convention: no id creates, id updates, _destroy removes."""
    if key not in body:
        return
    items = body[key]
    if not isinstance(items, list):
        raise argument_error(f"{key} must be a list")
    current = list(record.get(key) or [])
    now = utc_iso(ctx.now())
    for item in items:
        if not isinstance(item, dict):
            raise argument_error(f"{key} entries must be objects")
        if item.get("id") not in (None, ""):
            existing = next((c for c in current if str(c["id"]) == str(item["id"])), None)
            if existing is None:
                raise argument_error(f"{key} {item['id']} does not exist on this record")
            if _bool(item, "_destroy"):
                current.remove(existing)
                continue
            build(existing, item, creating=False)
            existing["updated_at"] = now
            existing["etag"] = _item_etag(existing)
        else:
            new = {"id": ctx.store.next_id(sequence), "created_at": now, "updated_at": now}
            build(new, item, creating=True)
            new["etag"] = _item_etag(new)
            current.append(new)
    record[key] = current


def _mark_primary(items: list[dict], chosen: dict | None) -> None:
    if chosen is not None:
        for item in items:
            item["primary"] = item is chosen
    elif items and not any(i.get("primary") for i in items):
        items[0]["primary"] = True


def _custom_field_values(ctx: Ctx, record: dict, body: dict, parent_type: str) -> None:
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
            if _bool(item, "_destroy"):
                current.remove(existing)
                continue
            existing["value"] = item.get("value")
        else:
            field_id = _ref(ctx, item, "custom_field", "custom_fields", required=True)
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
        existing["etag"] = _item_etag(existing)
    for value in current:
        custom_field = ctx.store.get("custom_fields", value["custom_field"]) or {}
        if custom_field.get("required") and value.get("value") in (None, ""):
            raise argument_error(f"{custom_field['name']} is required")
    record["custom_field_values"] = current


# -- matters ----------------------------------------------------------------------------------

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
        _required(body, "description")
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
            matter_stage=None,
            matter_stage_updated_at=None,
            custom_field_values=[],
            billing_method="hourly",
            custom_rate=None,
            user=ctx.user_id,
            status="Open",
        )
    client_id = _ref(ctx, body, "client", "contacts", required=creating)
    if client_id is not None:
        record["client"] = client_id
    _copy_strings(record, body, "description", "location", "client_reference", "custom_number")
    _copy_bools(record, body, "billable")
    for key, resource in (
        ("practice_area", "practice_areas"),
        ("responsible_attorney", "users"),
        ("originating_attorney", "users"),
    ):
        if key in body:
            record[key] = _ref(ctx, body, key, resource)
    if "matter_stage" in body:
        stage = _ref(ctx, body, "matter_stage", "matter_stages")
        if stage != record.get("matter_stage"):
            record["matter_stage"] = stage
            record["matter_stage_updated_at"] = utc_iso(ctx.now())
    if "custom_rate" in body:
        rate = body["custom_rate"]
        if rate is not None:
            if not isinstance(rate, dict) or rate.get("type") not in RATE_TYPES:
                raise argument_error("custom_rate.type must be one of " + ", ".join(RATE_TYPES))
            record["billing_method"] = RATE_TYPES[rate["type"]]
        else:
            record["billing_method"] = "hourly"
        record["custom_rate"] = rate
    for key in ("open_date", "close_date", "pending_date"):
        if key in body:
            record[key] = _date(body, key)

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

    _custom_field_values(ctx, record, body, "Matter")
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


def matter_delete(ctx: Ctx, record: dict) -> bool:
    if any(a.get("matter") == record["id"] and a.get("bill") for a in ctx.store.all("activities")):
        raise argument_error("a matter with billed activities cannot be deleted")
    if any(t.get("matter") == record["id"] for t in ctx.store.all("bank_transactions")):
        raise argument_error("a matter with bank transactions cannot be deleted")
    return True


# -- contacts ---------------------------------------------------------------------------------

EMAIL_NAMES = ("Work", "Home", "Other")
PHONE_NAMES = {
    "Work": "Work",
    "Home": "Personal",
    "Mobile": "Personal",
    "Fax": "Other",
    "Pager": "Other",
    "Skype": "Other",
    "Other": "Other",
    "Personal": "Personal",
}
ADDRESS_NAMES = ("Work", "Home", "Billing", "Other")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _email(item: dict, incoming: dict, *, creating: bool) -> None:
    if creating or "address" in incoming:
        address = str(incoming.get("address") or "").strip()
        if not EMAIL_RE.match(address):
            raise argument_error(f"'{address}' is not a valid email address")
        item["address"] = address
    if creating or "name" in incoming:
        name = incoming.get("name") or "Work"
        if name not in EMAIL_NAMES:
            raise argument_error("email address name must be one of Work, Home, Other")
        item["name"] = name
    item.setdefault("primary", False)
    if _bool(incoming, "default_email") or _bool(incoming, "primary"):
        item["_make_primary"] = True


def _phone(item: dict, incoming: dict, *, creating: bool) -> None:
    if creating or "number" in incoming:
        _required(incoming, "number")
        item["number"] = str(incoming["number"])
    if creating or "name" in incoming:
        name = incoming.get("name") or "Work"
        if name not in PHONE_NAMES:
            raise argument_error(
                "phone number name must be one of Work, Home, Mobile, Fax, Pager, Skype, Other"
            )
        item["name"] = PHONE_NAMES[name]
    item.setdefault("primary", False)
    if _bool(incoming, "default_number") or _bool(incoming, "primary"):
        item["_make_primary"] = True


def _address(item: dict, incoming: dict, *, creating: bool) -> None:
    for key in ("street", "city", "province", "postal_code", "country"):
        if creating or key in incoming:
            item[key] = incoming.get(key)
    if creating or "name" in incoming:
        name = incoming.get("name") or "Work"
        if name not in ADDRESS_NAMES:
            raise argument_error("address name must be one of Work, Home, Billing, or Other")
        item["name"] = name
    item.setdefault("primary", False)
    if _bool(incoming, "primary"):
        item["_make_primary"] = True


def _settle_primary(record: dict, key: str) -> None:
    items = record.get(key) or []
    chosen = next((i for i in items if i.pop("_make_primary", False)), None)
    _mark_primary(items, chosen)
    for item in items:
        item["etag"] = _item_etag(item)


def contact_write(ctx: Ctx, record: dict, body: dict, *, creating: bool) -> list[str]:
    if creating:
        _required(body, "type")
        record.update(
            first_name=None,
            middle_name=None,
            last_name=None,
            prefix=None,
            title=None,
            date_of_birth=None,
            clio_connect_email=None,
            ledes_client_id=None,
            sales_tax_number=None,
            currency="USD",
            is_client=False,
            is_co_counsel=False,
            is_bill_recipient=False,
            has_clio_for_clients_permission=False,
            is_clio_for_client_user=False,
            email_addresses=[],
            phone_numbers=[],
            addresses=[],
            custom_field_values=[],
            company=None,
        )
    if "type" in body:
        record["type"] = _enum(body, "type", ("Person", "Company"))
    _copy_strings(
        record,
        body,
        "first_name",
        "middle_name",
        "last_name",
        "prefix",
        "title",
        "ledes_client_id",
        "sales_tax_number",
        "clio_connect_email",
    )
    if "date_of_birth" in body:
        record["date_of_birth"] = _date(body, "date_of_birth")
    _copy_bools(record, body, "is_co_counsel", "is_bill_recipient")
    if "company" in body:
        record["company"] = _ref(ctx, body, "company", "contacts")
    if record["type"] == "Person":
        if body.get("name") and not (body.get("first_name") or body.get("last_name")):
            # Clio guesses first and last name from ``name`` for a Person (reference §5.2).
            parts = str(body["name"]).split()
            record["first_name"] = parts[0] if parts else None
            record["last_name"] = " ".join(parts[1:]) or None
        if not (record.get("first_name") or record.get("last_name")):
            raise argument_error("At least one of first name or last name must be provided")
        record["name"] = " ".join(
            p
            for p in (record.get("first_name"), record.get("middle_name"), record.get("last_name"))
            if p
        )
        record["initials"] = "".join(
            p[0].upper() for p in (record.get("first_name"), record.get("last_name")) if p
        )
    else:
        if "name" in body:
            record["name"] = str(body["name"] or "").strip()
        if not record.get("name"):
            raise argument_error("name is required for a Company")
        record["initials"] = record["name"][:1].upper()
    _nested_list(ctx, record, body, "email_addresses", "email_addresses", _email)
    _nested_list(ctx, record, body, "phone_numbers", "phone_numbers", _phone)
    _nested_list(ctx, record, body, "addresses", "addresses", _address)
    for key in ("email_addresses", "phone_numbers", "addresses"):
        _settle_primary(record, key)
    _custom_field_values(ctx, record, body, "Contact")
    return []


def contact_delete(ctx: Ctx, record: dict) -> bool:
    if any(m.get("client") == record["id"] for m in ctx.store.all("matters")):
        raise argument_error("a contact who is the client of a matter cannot be deleted")
    return True


# -- activities -------------------------------------------------------------------------------

ACTIVITY_TYPES = ("TimeEntry", "ExpenseEntry", "HardCostEntry", "SoftCostEntry")
TAX_SETTINGS = ("no_tax", "tax_1_only", "tax_2_only", "tax_1_and_tax_2")


def _locked_by_bill(ctx: Ctx, record: dict) -> bool:
    bill = ctx.store.get("bills", record.get("bill")) if record.get("bill") else None
    return bool(bill and bill["state"] in ("awaiting_payment", "paid"))


def activity_totals(record: dict) -> None:
    quantity = float(record.get("quantity") or 0.0)
    price = float(record.get("price") or 0.0)
    if record["type"] == "TimeEntry":
        rounded = math.ceil(quantity / ROUNDING_SECONDS) * ROUNDING_SECONDS if quantity else 0.0
        record["rounded_quantity"] = float(rounded)
        record["quantity_in_hours"] = round(quantity / 3600, 4)
        record["rounded_quantity_in_hours"] = round(rounded / 3600, 4)
        total = price if record.get("flat_rate") else rounded / 3600 * price
    else:
        record["rounded_quantity"] = quantity
        record["quantity_in_hours"] = None
        record["rounded_quantity_in_hours"] = None
        total = quantity * price
    record["total"] = money(total)
    record["non_billable_total"] = money(total) if record.get("non_billable") else 0.0


def activity_write(ctx: Ctx, record: dict, body: dict, *, creating: bool) -> list[str]:
    if creating:
        _required(body, "type", "date")
        record.update(
            note=None,
            reference=None,
            flat_rate=False,
            contingency_fee=False,
            no_charge=False,
            non_billable=False,
            tax_setting="no_tax",
            quantity_redacted=False,
            matter=None,
            user=ctx.user_id,
            bill=None,
            task=None,
            communication=None,
            quantity=0.0,
        )
    elif _locked_by_bill(ctx, record):
        raise argument_error("this activity is on an issued bill and cannot be changed")
    if "type" in body:
        record["type"] = _enum(body, "type", ACTIVITY_TYPES)
    if "date" in body:
        record["date"] = _date(body, "date")
        if record["date"] is None:
            raise argument_error("date is required")
    quantity = _number(body, "quantity")
    if quantity is not None:
        if quantity < 0:
            raise argument_error("quantity must not be negative")
        record["quantity"] = quantity
    elif creating and record["type"] != "TimeEntry":
        record["quantity"] = 1.0
    _copy_strings(record, body, "note", "reference")
    _copy_bools(record, body, "non_billable", "no_charge", "flat_rate")
    if "tax_setting" in body:
        record["tax_setting"] = _enum(body, "tax_setting", TAX_SETTINGS)
    rate_inputs_changed = False
    for key, resource in (
        ("matter", "matters"),
        ("user", "users"),
        ("task", "tasks"),
        ("communication", "communications"),
    ):
        if key in body:
            new = _ref(ctx, body, key, resource, required=key == "user")
            rate_inputs_changed |= key in ("matter", "user") and new != record.get(key)
            record[key] = new
    price = _number(body, "price")
    if price is not None:
        if price < 0:
            raise argument_error("price must not be negative")
        record["price"] = price
    elif creating or rate_inputs_changed:
        # Without a price Clio takes the rate from its rate hierarchy; here, the user's rate.
        user = ctx.store.get("users", record["user"]) or {}
        record["price"] = (
            float(user.get("rate") or 0.0)
            if record["type"] == "TimeEntry"
            else (record.get("price") or 0.0)
        )
    activity_totals(record)
    return []


def activity_delete(ctx: Ctx, record: dict) -> bool:
    if _locked_by_bill(ctx, record):
        raise argument_error("this activity is on an issued bill and cannot be deleted")
    return True


# -- bills ------------------------------------------------------------------------------------

BILL_STATES = ("draft", "awaiting_approval", "awaiting_payment", "paid", "void", "deleted")


def _unlink_activities(ctx: Ctx, bill_id: int) -> None:
    for activity in ctx.store.all("activities"):
        if activity.get("bill") == bill_id:
            activity["bill"] = None
            ctx.store.put("activities", activity)


def bill_write(ctx: Ctx, record: dict, body: dict, *, creating: bool) -> list[str]:
    if "state" in body:
        state = _enum(body, "state", BILL_STATES)
        # Reference §5.4: whether state=paid records a payment is unverified; it does not here.
        if state in ("void", "deleted") and record["state"] != state:
            _unlink_activities(ctx, record["id"])
        if state == "awaiting_payment" and not record.get("issued_at"):
            record["issued_at"] = ctx.today()
        record["state"] = state
    for key in ("issued_at", "due_at"):
        if key in body:
            record[key] = _date(body, key)
    _copy_strings(record, body, "number", "subject", "memo", "purchase_order")
    for key in ("tax_rate", "secondary_tax_rate"):
        value = _number(body, key)
        if value is not None:
            record[key] = value
    return []


def bill_delete(ctx: Ctx, record: dict) -> bool:
    if (record.get("paid") or 0) > 0:
        raise argument_error("a bill with payments cannot be deleted or voided")
    if record["state"] in ("draft", "awaiting_approval"):
        _unlink_activities(ctx, record["id"])
        return True
    if record["state"] == "awaiting_payment":
        _unlink_activities(ctx, record["id"])
        record["state"] = "void"
        return False
    raise argument_error(f"a bill in state {record['state']} cannot be deleted")


# -- notes, communications, tasks ---------------------------------------------------------------


def note_write(ctx: Ctx, record: dict, body: dict, *, creating: bool) -> list[str]:
    if creating:
        _required(body, "type")
        record.update(
            subject=None,
            detail=None,
            detail_text_type="plain_text",
            matter=None,
            contact=None,
            author=ctx.user_id,
            date=ctx.today(),
        )
    if "type" in body:
        record["type"] = _enum(body, "type", ("Matter", "Contact"))
    _copy_strings(record, body, "subject", "detail")
    if "detail_text_type" in body:
        record["detail_text_type"] = _enum(body, "detail_text_type", ("plain_text", "rich_text"))
    if "date" in body:
        record["date"] = _date(body, "date") or ctx.today()
    if "matter" in body:
        record["matter"] = _ref(ctx, body, "matter", "matters")
    if "contact" in body:
        record["contact"] = _ref(ctx, body, "contact", "contacts")
    if record["type"] == "Matter" and record.get("matter") is None:
        raise argument_error("matter is required for a Matter note")
    if record["type"] == "Contact" and record.get("contact") is None:
        raise argument_error("contact is required for a Contact note")
    return []


# The request names the participant's table; the response shows Person, Company or User.
PARTICIPANT_TYPES = ("User", "Contact")


def _participants(ctx: Ctx, body: dict, key: str) -> list[dict]:
    items = body.get(key) or []
    if not isinstance(items, list):
        raise argument_error(f"{key} must be a list")
    out = []
    for item in items:
        kind = item.get("type") if isinstance(item, dict) else None
        if kind not in PARTICIPANT_TYPES:
            raise argument_error(f"{key} type must be one of {', '.join(PARTICIPANT_TYPES)}")
        resource = "users" if kind == "User" else "contacts"
        record_id = _ref(ctx, {"x": item}, "x", resource, required=True)
        if kind == "Contact":
            kind = ctx.store.get_stored("contacts", record_id)["type"]
        out.append({"id": record_id, "type": kind})
    return out


def communication_write(ctx: Ctx, record: dict, body: dict, *, creating: bool) -> list[str]:
    if creating:
        _required(body, "subject", "body", "type", "received_at")
        record.update(
            user=ctx.user_id, matter=None, senders=[], receivers=[], external_properties=[]
        )
    _copy_strings(record, body, "subject", "body")
    if "type" in body:
        record["type"] = _enum(body, "type", ("EmailCommunication", "PhoneCommunication"))
    if "received_at" in body:
        record["received_at"] = _timestamp(body, "received_at")
    if "date" in body or creating:
        record["date"] = _date(body, "date") or (record.get("received_at") or ctx.today())[:10]
    if "matter" in body:
        record["matter"] = _ref(ctx, body, "matter", "matters")
    if "user" in body:
        record["user"] = _ref(ctx, body, "user", "users", required=True)
    for key in ("senders", "receivers"):
        if key in body:
            record[key] = _participants(ctx, body, key)
    if "external_properties" in body:
        props = body["external_properties"] or []
        if not isinstance(props, list) or len(props) > 5:
            raise argument_error("external_properties must be a list of at most 5 entries")
        record["external_properties"] = props
    return []


TASK_STATUSES = ("pending", "in_progress", "in_review", "complete", "draft")


def task_write(ctx: Ctx, record: dict, body: dict, *, creating: bool) -> list[str]:
    if creating:
        _required(body, "name", "description", "assignee")
        record.update(
            description_text_type="plain_text",
            status="pending",
            priority="Normal",
            due_at=None,
            completed_at=None,
            permission="public",
            notify_completion=False,
            statute_of_limitations=False,
            time_estimated=None,
            matter=None,
            assigner=ctx.user_id,
            task_type=None,
        )
    _copy_strings(record, body, "name", "description")
    if "assignee" in body:
        assignee = body["assignee"]
        if not isinstance(assignee, dict) or assignee.get("type") not in ("User", "Contact"):
            raise argument_error("assignee must have an id and a type of User or Contact")
        resource = "users" if assignee["type"] == "User" else "contacts"
        record["assignee"] = {
            "id": _ref(ctx, body, "assignee", resource, required=True),
            "type": assignee["type"],
        }
    if "status" in body:
        record["status"] = _enum(body, "status", TASK_STATUSES)
        record["completed_at"] = utc_iso(ctx.now()) if record["status"] == "complete" else None
    if "priority" in body:
        record["priority"] = _enum(body, "priority", ("High", "Normal", "Low"))
    if "permission" in body:
        record["permission"] = _enum(body, "permission", ("private", "public"))
    if "due_at" in body:
        record["due_at"] = _date(body, "due_at")
    _copy_bools(record, body, "notify_completion", "statute_of_limitations")
    if "time_estimated" in body:
        record["time_estimated"] = _number(body, "time_estimated")
    if "matter" in body:
        record["matter"] = _ref(ctx, body, "matter", "matters")
    if "task_type" in body:
        record["task_type"] = body["task_type"]
    return []


# -- settings-like resources --------------------------------------------------------------------

FIELD_TYPES = (
    "checkbox",
    "contact",
    "currency",
    "date",
    "time",
    "email",
    "matter",
    "numeric",
    "picklist",
    "text_area",
    "text_line",
    "url",
)


def custom_field_write(ctx: Ctx, record: dict, body: dict, *, creating: bool) -> list[str]:
    if creating:
        _required(body, "name", "parent_type", "field_type")
        record.update(
            displayed=True, required=False, deleted=False, display_order=0, picklist_options=[]
        )
        record["parent_type"] = _enum(body, "parent_type", ("Contact", "Matter"))
        record["field_type"] = _enum(body, "field_type", FIELD_TYPES)
    _copy_strings(record, body, "name")
    _copy_bools(record, body, "displayed", "required")
    if "display_order" in body:
        record["display_order"] = int(_number(body, "display_order") or 0)
    if "picklist_options" in body:
        record["picklist_options"] = body["picklist_options"] or []
    return []


def custom_field_delete(ctx: Ctx, record: dict) -> bool:
    record["deleted"] = True  # Clio keeps deleted custom fields (the ``deleted`` field)
    return False


def practice_area_write(ctx: Ctx, record: dict, body: dict, *, creating: bool) -> list[str]:
    if creating:
        _required(body, "name")
        record.update(code=None, category=None)
    _copy_strings(record, body, "name", "code", "category")
    return []


def bank_account_write(ctx: Ctx, record: dict, body: dict, *, creating: bool) -> list[str]:
    if creating:
        _required(body, "type", "currency")
        record.update(
            account_number=None,
            transit_number=None,
            swift=None,
            institution=None,
            domicile_branch=None,
            holder=None,
            default_account=False,
            controlled_account=False,
            general_ledger_number=None,
            clio_payments_enabled=False,
            clio_payment_page_link=None,
            user=ctx.user_id,
            currency_symbol="$",
            currency_id=1,
        )
        record["type"] = _enum(body, "type", ("Operating", "Trust"))
        record["name"] = f"{record['type']} Account"
    _copy_strings(
        record,
        body,
        "name",
        "currency",
        "account_number",
        "transit_number",
        "swift",
        "institution",
        "domicile_branch",
        "holder",
        "general_ledger_number",
    )
    _copy_bools(record, body, "default_account", "controlled_account")
    return []


def bank_account_delete(ctx: Ctx, record: dict) -> bool:
    if any(t["bank_account"] == record["id"] for t in ctx.store.all("bank_transactions")):
        raise argument_error("a bank account with transactions cannot be deleted")
    return True


def _check_trust_not_negative(ctx: Ctx, record: dict) -> None:
    account = ctx.store.get_stored("bank_accounts", record["bank_account"])
    if account["type"] != "Trust":
        return
    for key in ("matter", "client"):
        if record.get(key) is None:
            continue
        balance = sum(
            t["amount"]
            for t in ctx.store.all("bank_transactions")
            if t["bank_account"] == account["id"]
            and t.get(key) == record[key]
            and t["id"] != record["id"]
        )
        if money(balance + record["amount"]) < 0:
            raise argument_error(f"this transaction would overdraw the {key}'s trust balance")


def bank_transaction_write(ctx: Ctx, record: dict, body: dict, *, creating: bool) -> list[str]:
    if creating:
        _required(body, "amount", "date")
        record.update(
            source=None,
            confirmation=None,
            description=None,
            transaction_type=None,
            bank_account_transaction_type=None,
            client=None,
            matter=None,
            bill=None,
            exchange_rate=1.0,
            read_only_confirmation=False,
        )
        record["bank_account"] = _ref(ctx, body, "bank_account", "bank_accounts", required=True)
    elif "bank_account" in body:
        record["bank_account"] = _ref(ctx, body, "bank_account", "bank_accounts", required=True)
    amount = _number(body, "amount")
    if amount is not None:
        if amount == 0:
            raise argument_error("amount must not be zero")
        record["amount"] = money(amount)
    if "date" in body:
        record["date"] = _date(body, "date")
    _copy_strings(
        record,
        body,
        "source",
        "confirmation",
        "description",
        "transaction_type",
        "bank_account_transaction_type",
    )
    if "matter" in body:
        record["matter"] = _ref(ctx, body, "matter", "matters")
    if "client" in body:
        record["client"] = _ref(ctx, body, "client", "contacts")
    if record.get("matter") and not record.get("client"):
        record["client"] = ctx.store.get_stored("matters", record["matter"])["client"]
    account = ctx.store.get_stored("bank_accounts", record["bank_account"])
    record["currency"] = body.get("currency") or record.get("currency") or account["currency"]
    if _number(body, "exchange_rate") is not None:
        record["exchange_rate"] = _number(body, "exchange_rate")
    # Trust money is the client's (a liability); operating money is the firm's (an asset).
    record["type"] = "liability" if account["type"] == "Trust" else "asset"
    _check_trust_not_negative(ctx, record)
    return []


# -- webhooks ---------------------------------------------------------------------------------


def _webhook_url(ctx: Ctx, url: Any) -> str:
    parts = urlsplit(str(url or ""))
    if parts.scheme == "https" and parts.hostname:
        return str(url)
    # The real service takes https only; plain http is allowed to local receivers for testing.
    if parts.scheme == "http" and parts.hostname in ctx.settings.webhook_http_hosts:
        return str(url)
    raise argument_error("url must be a valid https URL")


def _webhook_model(raw: Any) -> str:
    if isinstance(raw, int) or (isinstance(raw, str) and raw.isdigit()):
        model = WEBHOOK_MODEL_IDS.get(int(raw))
    else:
        model = raw if raw in WEBHOOK_MODELS else None
    if model is None:
        raise argument_error("model must be one of " + ", ".join(WEBHOOK_MODELS))
    return model


def _webhook_events(model: str, raw: Any) -> list[str]:
    allowed = list(BASE_EVENTS) + (list(MATTER_EVENTS) if model == "matter" else [])
    if model == "clio_payments_payment":
        allowed = ["created", "updated"]
    if raw in (None, [], ""):
        return allowed
    events = raw.split(",") if isinstance(raw, str) else list(raw)
    for event in events:
        if event not in allowed:
            raise argument_error(
                f"{event} is not a valid event for {model}; use " + ", ".join(allowed)
            )
    return events


def _webhook_expiry(ctx: Ctx, body: dict) -> tuple[float, str]:
    now = datetime.fromtimestamp(ctx.now(), UTC)
    expires_at = _timestamp(body, "expires_at")
    if expires_at is None:
        expires = now + WEBHOOK_DEFAULT_LIFETIME
    else:
        expires = datetime.fromisoformat(expires_at)
        if expires <= now:
            raise argument_error("expires_at must be in the future")
        if expires > now + WEBHOOK_MAX_LIFETIME:
            raise argument_error("expires_at must be no more than 31 days from now")
    return expires.timestamp(), expires.isoformat(timespec="seconds")


def webhook_write(ctx: Ctx, record: dict, body: dict, *, creating: bool) -> list[str]:
    if creating:
        _required(body, "url", "model", "fields")
        record.update(status="pending", user=ctx.user_id, shared_secret=secrets.token_hex(32))
        record["model"] = _webhook_model(body["model"])
        record["_expires_ts"], record["expires_at"] = _webhook_expiry(ctx, body)
    elif "expires_at" in body:
        record["_expires_ts"], record["expires_at"] = _webhook_expiry(ctx, body)
    if "url" in body:
        url = _webhook_url(ctx, body["url"])
        if url != record.get("url"):
            record["url"] = url
            record["status"] = "pending"
            record["_needs_handshake"] = True
    if "fields" in body or creating:
        text = str(body.get("fields") or record.get("fields") or "")
        if len(text) > 1000:
            raise argument_error("fields must be at most 1000 characters")
        resource_name = WEBHOOK_MODELS[record["model"]]
        if resource_name:
            fields_module.parse_for(RESOURCES[resource_name], text)
        record["fields"] = text
    if "events" in body or creating:
        record["events"] = _webhook_events(record["model"], body.get("events"))
    return []


WRITERS: dict[str, tuple[Any, Any]] = {
    "matters": (matter_write, matter_delete),
    "contacts": (contact_write, contact_delete),
    "activities": (activity_write, activity_delete),
    "bills": (bill_write, bill_delete),
    "notes": (note_write, None),
    "communications": (communication_write, None),
    "tasks": (task_write, None),
    "custom_fields": (custom_field_write, custom_field_delete),
    "practice_areas": (practice_area_write, None),
    "bank_accounts": (bank_account_write, bank_account_delete),
    "bank_transactions": (bank_transaction_write, None),
    "webhooks": (webhook_write, None),
}
