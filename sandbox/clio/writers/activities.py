"""Time and expense entries: totals by the firm's rounding, locked once on an issued bill."""

from __future__ import annotations

import math

from ..context import Ctx
from ..errors import argument_error
from ..schema import money
from .common import copy_bools, copy_strings, date_of, enum_of, number_of, ref, required

ROUNDING_SECONDS = 360  # time entries round up to 0.1 h, a common Clio firm setting
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
        required(body, "type", "date")
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
        record["type"] = enum_of(body, "type", ACTIVITY_TYPES)
    if "date" in body:
        record["date"] = date_of(body, "date")
        if record["date"] is None:
            raise argument_error("date is required")
    quantity = number_of(body, "quantity")
    if quantity is not None:
        if quantity < 0:
            raise argument_error("quantity must not be negative")
        record["quantity"] = quantity
    elif creating and record["type"] != "TimeEntry":
        record["quantity"] = 1.0
    copy_strings(record, body, "note", "reference")
    copy_bools(record, body, "non_billable", "no_charge", "flat_rate")
    if "tax_setting" in body:
        record["tax_setting"] = enum_of(body, "tax_setting", TAX_SETTINGS)
    rate_inputs_changed = False
    for key, resource in (
        ("matter", "matters"),
        ("user", "users"),
        ("task", "tasks"),
        ("communication", "communications"),
    ):
        if key in body:
            new = ref(ctx, body, key, resource, required=key == "user")
            rate_inputs_changed |= key in ("matter", "user") and new != record.get(key)
            record[key] = new
    price = number_of(body, "price")
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
