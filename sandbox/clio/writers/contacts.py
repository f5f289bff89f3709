"""Contacts: people and companies, with their nested emails, phones and addresses."""

from __future__ import annotations

import re
from typing import Any

from ..context import Ctx
from ..errors import argument_error
from ..store import utc_iso
from .common import (
    bool_of,
    copy_bools,
    copy_strings,
    custom_field_values,
    date_of,
    enum_of,
    item_etag,
    ref,
    required,
)

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
            if bool_of(item, "_destroy"):
                current.remove(existing)
                continue
            build(existing, item, creating=False)
            existing["updated_at"] = now
            existing["etag"] = item_etag(existing)
        else:
            new = {"id": ctx.store.next_id(sequence), "created_at": now, "updated_at": now}
            build(new, item, creating=True)
            new["etag"] = item_etag(new)
            current.append(new)
    record[key] = current


def _mark_primary(items: list[dict], chosen: dict | None) -> None:
    if chosen is not None:
        for item in items:
            item["primary"] = item is chosen
    elif items and not any(i.get("primary") for i in items):
        items[0]["primary"] = True


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
    if bool_of(incoming, "default_email") or bool_of(incoming, "primary"):
        item["_make_primary"] = True


def _phone(item: dict, incoming: dict, *, creating: bool) -> None:
    if creating or "number" in incoming:
        required(incoming, "number")
        item["number"] = str(incoming["number"])
    if creating or "name" in incoming:
        name = incoming.get("name") or "Work"
        if name not in PHONE_NAMES:
            raise argument_error(
                "phone number name must be one of Work, Home, Mobile, Fax, Pager, Skype, Other"
            )
        item["name"] = PHONE_NAMES[name]
    item.setdefault("primary", False)
    if bool_of(incoming, "default_number") or bool_of(incoming, "primary"):
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
    if bool_of(incoming, "primary"):
        item["_make_primary"] = True


def _settle_primary(record: dict, key: str) -> None:
    items = record.get(key) or []
    chosen = next((i for i in items if i.pop("_make_primary", False)), None)
    _mark_primary(items, chosen)
    for item in items:
        item["etag"] = item_etag(item)


def contact_write(ctx: Ctx, record: dict, body: dict, *, creating: bool) -> list[str]:
    if creating:
        required(body, "type")
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
        record["type"] = enum_of(body, "type", ("Person", "Company"))
    copy_strings(
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
        record["date_of_birth"] = date_of(body, "date_of_birth")
    copy_bools(record, body, "is_co_counsel", "is_bill_recipient")
    if "company" in body:
        record["company"] = ref(ctx, body, "company", "contacts")
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
    custom_field_values(ctx, record, body, "Contact")
    return []


def contact_delete(ctx: Ctx, record: dict) -> bool:
    if any(m.get("client") == record["id"] for m in ctx.store.all("matters")):
        raise argument_error("a contact who is the client of a matter cannot be deleted")
    return True
