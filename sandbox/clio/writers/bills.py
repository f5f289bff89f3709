"""Bills: state changes, and deletion as Clio does it (a draft goes, an issued bill is voided)."""

from __future__ import annotations

from ..context import Ctx
from ..errors import argument_error
from .common import copy_strings, date_of, enum_of, number_of

BILL_STATES = ("draft", "awaiting_approval", "awaiting_payment", "paid", "void", "deleted")


def _unlink_activities(ctx: Ctx, bill_id: int) -> None:
    for activity in ctx.store.all("activities"):
        if activity.get("bill") == bill_id:
            activity["bill"] = None
            ctx.store.put("activities", activity)


def bill_write(ctx: Ctx, record: dict, body: dict, *, creating: bool) -> list[str]:
    if "state" in body:
        state = enum_of(body, "state", BILL_STATES)
        # Reference §5.4: whether state=paid records a payment is unverified; it does not here.
        if state in ("void", "deleted") and record["state"] != state:
            _unlink_activities(ctx, record["id"])
        if state == "awaiting_payment" and not record.get("issued_at"):
            record["issued_at"] = ctx.today()
        record["state"] = state
    for key in ("issued_at", "due_at"):
        if key in body:
            record[key] = date_of(body, key)
    copy_strings(record, body, "number", "subject", "memo", "purchase_order")
    for key in ("tax_rate", "secondary_tax_rate"):
        value = number_of(body, key)
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
