"""The firm's settings-like resources: custom fields and practice areas."""

from __future__ import annotations

from ..context import Ctx
from .common import copy_bools, copy_strings, enum_of, number_of, required

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
        required(body, "name", "parent_type", "field_type")
        record.update(
            displayed=True, required=False, deleted=False, display_order=0, picklist_options=[]
        )
        record["parent_type"] = enum_of(body, "parent_type", ("Contact", "Matter"))
        record["field_type"] = enum_of(body, "field_type", FIELD_TYPES)
    copy_strings(record, body, "name")
    copy_bools(record, body, "displayed", "required")
    if "display_order" in body:
        record["display_order"] = int(number_of(body, "display_order") or 0)
    if "picklist_options" in body:
        record["picklist_options"] = body["picklist_options"] or []
    return []


def custom_field_delete(ctx: Ctx, record: dict) -> bool:
    record["deleted"] = True  # Clio keeps deleted custom fields (the ``deleted`` field)
    return False


def practice_area_write(ctx: Ctx, record: dict, body: dict, *, creating: bool) -> list[str]:
    if creating:
        required(body, "name")
        record.update(code=None, category=None)
    copy_strings(record, body, "name", "code", "category")
    return []
