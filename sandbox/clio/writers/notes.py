"""Notes, communications and tasks: what a firm records on a matter or contact."""

from __future__ import annotations

from ..context import Ctx
from ..errors import argument_error
from ..store import utc_iso
from .common import (
    copy_bools,
    copy_strings,
    date_of,
    enum_of,
    number_of,
    ref,
    required,
    timestamp_of,
)


def note_write(ctx: Ctx, record: dict, body: dict, *, creating: bool) -> list[str]:
    if creating:
        required(body, "type")
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
        record["type"] = enum_of(body, "type", ("Matter", "Contact"))
    copy_strings(record, body, "subject", "detail")
    if "detail_text_type" in body:
        record["detail_text_type"] = enum_of(body, "detail_text_type", ("plain_text", "rich_text"))
    if "date" in body:
        record["date"] = date_of(body, "date") or ctx.today()
    if "matter" in body:
        record["matter"] = ref(ctx, body, "matter", "matters")
    if "contact" in body:
        record["contact"] = ref(ctx, body, "contact", "contacts")
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
        record_id = ref(ctx, {"x": item}, "x", resource, required=True)
        if kind == "Contact":
            kind = ctx.store.get_stored("contacts", record_id)["type"]
        out.append({"id": record_id, "type": kind})
    return out


def communication_write(ctx: Ctx, record: dict, body: dict, *, creating: bool) -> list[str]:
    if creating:
        required(body, "subject", "body", "type", "received_at")
        record.update(
            user=ctx.user_id, matter=None, senders=[], receivers=[], external_properties=[]
        )
    copy_strings(record, body, "subject", "body")
    if "type" in body:
        record["type"] = enum_of(body, "type", ("EmailCommunication", "PhoneCommunication"))
    if "received_at" in body:
        record["received_at"] = timestamp_of(body, "received_at")
    if "date" in body or creating:
        record["date"] = date_of(body, "date") or (record.get("received_at") or ctx.today())[:10]
    if "matter" in body:
        record["matter"] = ref(ctx, body, "matter", "matters")
    if "user" in body:
        record["user"] = ref(ctx, body, "user", "users", required=True)
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
        required(body, "name", "description", "assignee")
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
    copy_strings(record, body, "name", "description")
    if "assignee" in body:
        assignee = body["assignee"]
        if not isinstance(assignee, dict) or assignee.get("type") not in ("User", "Contact"):
            raise argument_error("assignee must have an id and a type of User or Contact")
        resource = "users" if assignee["type"] == "User" else "contacts"
        record["assignee"] = {
            "id": ref(ctx, body, "assignee", resource, required=True),
            "type": assignee["type"],
        }
    if "status" in body:
        record["status"] = enum_of(body, "status", TASK_STATUSES)
        record["completed_at"] = utc_iso(ctx.now()) if record["status"] == "complete" else None
    if "priority" in body:
        record["priority"] = enum_of(body, "priority", ("High", "Normal", "Low"))
    if "permission" in body:
        record["permission"] = enum_of(body, "permission", ("private", "public"))
    if "due_at" in body:
        record["due_at"] = date_of(body, "due_at")
    copy_bools(record, body, "notify_completion", "statute_of_limitations")
    if "time_estimated" in body:
        record["time_estimated"] = number_of(body, "time_estimated")
    if "matter" in body:
        record["matter"] = ref(ctx, body, "matter", "matters")
    if "task_type" in body:
        record["task_type"] = body["task_type"]
    return []
