"""Per-resource index filters (reference §5 "Index filters").

Each filter takes the candidate records and the query arguments and returns the survivors;
filters whose parameter is absent return the records unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from werkzeug.datastructures import MultiDict

from .errors import argument_error
from .schema import BILLED_STATES, ON_BILL_STATES

TASK_STATUSES = ("pending", "in_progress", "in_review", "complete", "draft")

Filter = Callable[[Any, list[dict], MultiDict], list[dict]]
# DOTALL: a value with a line break in it is still a value (refused below), not no match.
OPERATOR_RE = re.compile(r"(<=|>=|<|>|=)?(.*)", re.DOTALL)


def _operator_split(text: str) -> tuple[str | None, str]:
    found = OPERATOR_RE.fullmatch(text)
    if found is None:  # cannot happen: the operator is optional and "." matches line breaks
        return None, text
    operator, value = found.groups()
    return operator, value


def values(args: MultiDict, name: str) -> list[str]:
    out: list[str] = []
    for raw in args.getlist(name) + args.getlist(f"{name}[]"):
        out.extend(part.strip() for part in raw.split(",") if part.strip())
    return out


def by_ref(param: str, key: str, *, nested_id: bool = False) -> Filter:
    """``matter_id=5`` keeps records whose ``matter`` is 5; ``matter_id=null`` keeps unset ones."""

    def apply(store: Any, records: list[dict], args: MultiDict) -> list[dict]:
        wanted = values(args, param)
        if not wanted:
            return records
        allow_null = "null" in wanted
        try:
            ids = {int(v) for v in wanted if v != "null"}
        except ValueError as exc:
            raise argument_error(f"{param} must be an integer or null") from exc

        def value(record: dict) -> Any:
            raw = record.get(key)
            return raw.get("id") if nested_id and isinstance(raw, dict) else raw

        return [r for r in records if value(r) in ids or (allow_null and value(r) is None)]

    return apply


def by_value(param: str, key: str, *, choices: tuple[str, ...] = (), lower: bool = False) -> Filter:
    def apply(store: Any, records: list[dict], args: MultiDict) -> list[dict]:
        wanted = values(args, param)
        if not wanted:
            return records
        if choices and any(v not in choices for v in wanted):
            raise argument_error(f"{param} must be one of {', '.join(choices)}")
        if lower:
            return [r for r in records if str(r.get(key)).lower() in wanted]
        return [r for r in records if str(r.get(key)) in wanted]

    return apply


def by_bool(param: str, predicate: Callable[[Any, dict], bool]) -> Filter:
    def apply(store: Any, records: list[dict], args: MultiDict) -> list[dict]:
        raw = args.get(param)
        if raw is None or raw == "":
            return records
        if raw.lower() not in ("true", "false"):
            raise argument_error(f"{param} must be true or false")
        wanted = raw.lower() == "true"
        return [r for r in records if predicate(store, r) == wanted]

    return apply


def _compare(left: Any, operator: str, right: Any) -> bool:
    if left is None:
        return False
    return {
        "=": left == right,
        "<": left < right,
        ">": left > right,
        "<=": left <= right,
        ">=": left >= right,
    }[operator]


def by_date(param: str, key: str) -> Filter:
    """``open_date=<=2021-12-31``; repeated ``open_date[]`` conditions are ANDed."""

    def apply(store: Any, records: list[dict], args: MultiDict) -> list[dict]:
        for raw in args.getlist(param) + args.getlist(f"{param}[]"):
            # No match (None) only for a value with a line break inside: an error 500.
            operator, value = _operator_split(raw.strip())
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
                raise argument_error(f"{param} must be a date, optionally with an operator")
            records = [r for r in records if _compare(r.get(key), operator or "=", value.strip())]
        return records

    return apply


def by_range(param: str, key: str, operator: str) -> Filter:
    def apply(store: Any, records: list[dict], args: MultiDict) -> list[dict]:
        raw = args.get(param)
        if not raw:
            return records
        value = raw.strip()[:10]
        return [r for r in records if _compare((r.get(key) or "")[:10] or None, operator, value)]

    return apply


def _custom_value_matches(record: dict, field_id: int, operator: str, value: str) -> bool:
    for item in record.get("custom_field_values") or []:
        if item["custom_field"] == field_id:
            left: Any = item.get("value")
            right: Any = value
            try:
                left, right = float(left), float(right)
            except (TypeError, ValueError):
                left, right = str(left), str(right)
            return _compare(left, operator, right)
    return False


def custom_field_values(store: Any, records: list[dict], args: MultiDict) -> list[dict]:
    """``custom_field_values[61]=Invoice Paid`` or ``custom_field_values[62]=>=10``."""
    for name in list(args.keys()):
        match = re.fullmatch(r"custom_field_values\[(\d+)\]", name)
        if not match:
            continue
        field_id = int(match.group(1))
        for raw in args.getlist(name):
            conditions = [c.strip() for c in raw.strip().strip("[]").split(",")]
            for condition in conditions:
                # No match (None) only for a value with a line break inside: an error 500.
                operator, value = _operator_split(condition)

                records = [
                    r for r in records if _custom_value_matches(r, field_id, operator or "=", value)
                ]
    return records


def _bill_state(store: Any, record: dict) -> str | None:
    bill = store.get("bills", record.get("bill")) if record.get("bill") else None
    return bill["state"] if bill else None


def activity_status(store: Any, records: list[dict], args: MultiDict) -> list[dict]:
    status = args.get("status")
    if not status:
        return records
    tests: dict[str, Callable[[dict], bool]] = {
        "billed": lambda r: _bill_state(store, r) in BILLED_STATES,
        "draft": lambda r: _bill_state(store, r) in ("draft", "awaiting_approval"),
        "unbilled": lambda r: (
            _bill_state(store, r) not in ON_BILL_STATES and not r.get("non_billable")
        ),
        "non_billable": lambda r: bool(r.get("non_billable")),
        "billable": lambda r: not r.get("non_billable"),
        "written_off": lambda r: False,
    }
    if status not in tests:
        raise argument_error(f"status must be one of {', '.join(tests)}")
    return [r for r in records if tests[status](r)]


def notes_type_required(store: Any, records: list[dict], args: MultiDict) -> list[dict]:
    note_type = args.get("type")
    if note_type not in ("Matter", "Contact"):
        raise argument_error("type is required and must be one of Matter, Contact")
    return [r for r in records if r["type"] == note_type]


def communications_contact(store: Any, records: list[dict], args: MultiDict) -> list[dict]:
    raw = args.get("contact_id")
    if not raw:
        return records
    contact_id = int(raw) if raw.isdigit() else -1

    def involves(record: dict) -> bool:
        people = (record.get("senders") or []) + (record.get("receivers") or [])
        return any(p.get("type") != "User" and p.get("id") == contact_id for p in people)

    return [r for r in records if involves(r)]


def bills_overdue(store: Any, records: list[dict], args: MultiDict) -> list[dict]:
    from datetime import date

    if args.get("status") == "overdue" or args.get("overdue_only") == "true":
        today = date.today().isoformat()
        return [
            r
            for r in records
            if r["state"] == "awaiting_payment" and (r.get("due_at") or "9999") < today
        ]
    return records


def bills_matter(store: Any, records: list[dict], args: MultiDict) -> list[dict]:
    raw = args.get("matter_id")
    if not raw:
        return records
    matter_id = int(raw) if raw.isdigit() else -1
    return [r for r in records if matter_id in (r.get("matters") or [])]


def custom_fields_deleted(store: Any, records: list[dict], args: MultiDict) -> list[dict]:
    # Deleted custom fields are kept (soft delete) but listed only when asked for.
    if not args.get("deleted"):
        return [r for r in records if not r.get("deleted")]
    return by_bool("deleted", lambda store, r: bool(r.get("deleted")))(store, records, args)


def exclude_ids(store: Any, records: list[dict], args: MultiDict) -> list[dict]:
    excluded = {v for v in values(args, "exclude_ids")}
    return [r for r in records if str(r["id"]) not in excluded]


def tasks_assignee_type(store: Any, records: list[dict], args: MultiDict) -> list[dict]:
    raw = args.get("assignee_type")
    if not raw:
        return records
    if raw not in ("user", "contact"):
        raise argument_error("assignee_type must be one of user, contact")
    wanted = "User" if raw == "user" else "Contact"
    return [r for r in records if (r.get("assignee") or {}).get("type") == wanted]


def bills_type(store: Any, records: list[dict], args: MultiDict) -> list[dict]:
    # The spec's ``type`` filter is the bill's kind of money: revenue or trust.
    raw = args.get("type")
    if not raw:
        return records
    if raw not in ("revenue", "trust"):
        raise argument_error("type must be one of revenue, trust")
    return [r for r in records if (r.get("kind") == "trust_kind") == (raw == "trust")]


def bank_account_status(store: Any, records: list[dict], args: MultiDict) -> list[dict]:
    raw = args.get("status")
    if not raw:
        return records
    if raw not in ("opened", "closed"):
        raise argument_error("status must be one of opened, closed")
    # No bank account is ever closed here.
    return records if raw == "opened" else []


def contact_initial(store: Any, records: list[dict], args: MultiDict) -> list[dict]:
    raw = args.get("initial")
    if not raw:
        return records
    if len(raw) != 1 or not "A" <= raw <= "Z":
        raise argument_error("initial must be one capital letter A-Z")
    return [r for r in records if str(r.get("name") or "")[:1].upper() == raw]


def user_role(store: Any, records: list[dict], args: MultiDict) -> list[dict]:
    raw = args.get("role")
    if not raw:
        return records
    roles = ("admin", "accounts", "billing", "reports")
    if raw not in roles:
        raise argument_error(f"role must be one of {', '.join(roles)}")
    aliases = {"admin": "administrator"}
    wanted = {raw, aliases.get(raw, raw)}
    return [r for r in records if wanted & {str(x).lower() for x in r.get("roles") or []}]


def bank_account_type(store: Any, records: list[dict], args: MultiDict) -> list[dict]:
    raw = args.get("type")
    if not raw:
        return records
    # The index filter takes OperatingAccount|TrustAccount, not the record's Operating|Trust.
    mapping = {"OperatingAccount": "Operating", "TrustAccount": "Trust"}
    if raw not in mapping:
        raise argument_error("type must be one of OperatingAccount, TrustAccount")
    return [r for r in records if r["type"] == mapping[raw]]


FILTERS: dict[str, list[Filter]] = {
    "users": [
        by_bool("enabled", lambda store, r: bool(r.get("enabled"))),
        # The spec's enum is lower-case (attorney|nonattorney); records say "Attorney".
        by_value(
            "subscription_type",
            "subscription_type",
            choices=("attorney", "nonattorney"),
            lower=True,
        ),
        user_role,
    ],
    "contacts": [
        by_value("type", "type", choices=("Person", "Company")),
        by_bool("client_only", lambda store, r: bool(r.get("is_client"))),
        by_bool("email_only", lambda store, r: bool(r.get("email_addresses"))),
        contact_initial,
        exclude_ids,
    ],
    "matters": [
        by_value("status", "status", choices=("open", "pending", "closed"), lower=True),
        by_ref("client_id", "client"),
        by_ref("responsible_attorney_id", "responsible_attorney"),
        by_ref("originating_attorney_id", "originating_attorney"),
        by_ref("practice_area_id", "practice_area"),
        by_ref("matter_stage_id", "matter_stage"),
        by_bool("billable", lambda store, r: bool(r.get("billable"))),
        by_date("open_date", "open_date"),
        by_date("close_date", "close_date"),
        by_date("pending_date", "pending_date"),
        custom_field_values,
    ],
    "matter_stages": [by_ref("practice_area_id", "practice_area")],
    "activities": [
        by_ref("matter_id", "matter"),
        by_ref("user_id", "user"),
        by_ref("bill_id", "bill"),
        by_ref("task_id", "task"),
        by_ref("communication_id", "communication"),
        by_value(
            "type", "type", choices=("TimeEntry", "ExpenseEntry", "HardCostEntry", "SoftCostEntry")
        ),
        by_range("start_date", "date", ">="),
        by_range("end_date", "date", "<="),
        by_bool("flat_rate", lambda store, r: bool(r.get("flat_rate"))),
        activity_status,
    ],
    "bills": [
        by_value("state", "state"),
        bills_type,
        by_ref("client_id", "client"),
        bills_matter,
        bills_overdue,
        by_range("issued_after", "issued_at", ">="),
        by_range("issued_before", "issued_at", "<="),
        by_range("due_after", "due_at", ">="),
        by_range("due_before", "due_at", "<="),
    ],
    "notes": [
        notes_type_required,
        by_ref("matter_id", "matter"),
        by_ref("contact_id", "contact"),
    ],
    "communications": [
        by_ref("matter_id", "matter"),
        by_ref("user_id", "user"),
        by_value("type", "type", choices=("EmailCommunication", "PhoneCommunication")),
        by_range("received_since", "received_at", ">="),
        by_range("received_before", "received_at", "<="),
        communications_contact,
    ],
    "tasks": [
        by_ref("matter_id", "matter"),
        by_ref("assignee_id", "assignee", nested_id=True),
        tasks_assignee_type,
        by_value("status", "status", choices=TASK_STATUSES),
        by_value("statuses", "status", choices=TASK_STATUSES),
        # The spec's enum is lower-case (high|normal|low); records say "High".
        by_value("priority", "priority", choices=("high", "normal", "low"), lower=True),
        by_value("permission", "permission", choices=("private", "public")),
    ],
    "custom_fields": [
        # The filter's enum is lower-case and exact (the spec), while records say "Matter".
        by_value("parent_type", "parent_type", choices=("matter", "contact"), lower=True),
        by_value("field_type", "field_type"),
        custom_fields_deleted,
    ],
    "bank_accounts": [bank_account_type, bank_account_status, by_ref("user_id", "user")],
    "bank_transactions": [
        by_ref("bank_account_id", "bank_account"),
        by_ref("client_id", "client"),
        by_ref("matter_id", "matter"),
        by_value("type", "type", choices=("asset", "liability")),
    ],
}
