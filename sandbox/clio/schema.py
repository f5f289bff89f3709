"""Field lists of each resource, named exactly as reference §5 names them.

A field is a ``scalar`` (stored or computed value), a ``ref`` (stored id of a record in another
resource, rendered as that record), ``refs`` (a list of ids), ``embedded`` (sub-objects that have
no endpoint of their own, e.g. ``account_balances``) or ``opaque`` (documented by Clio but not
modelled here: rendered as its default, accepts any nested field list).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from .openapi_fields import RESOURCE_SCHEMAS, nested_schema, spec_fields

BILLED_STATES = ("awaiting_payment", "paid")
ON_BILL_STATES = ("draft", "awaiting_approval", "awaiting_payment", "paid")
# The spec's enum for available_state_transitions has no "draft" (Bill, 4.0.13): a bill goes
# back to draft through Clio's UI, which the API does not offer as a transition.
STATE_TRANSITIONS = {
    "draft": ["awaiting_approval", "awaiting_payment"],
    "awaiting_approval": ["awaiting_payment"],
    "awaiting_payment": ["paid", "void"],
    "paid": [],
    "void": [],
    "deleted": [],
}


@dataclass(frozen=True)
class Field:
    kind: str
    target: str = ""
    compute: Callable[[Any, dict], Any] | None = None
    default: Any = None
    # For ``opaque`` fields: the spec's schema of the nested record (its names are the
    # fields allowed inside braces), or None for a scalar or a list of scalars.
    nested: str | None = None


@dataclass
class Resource:
    name: str
    fields: dict[str, Field]
    label: tuple[str, ...] = ()
    model: str | None = None
    embedded: bool = False
    methods: frozenset[str] = frozenset()
    default_order: str = "id"
    query_fields: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    # The spec's schema of this record (openapi_fields.json): its field list is completed from it.
    spec: str | None = None


def scalars(names: str, **computed: Callable[[Any, dict], Any]) -> dict[str, Field]:
    out = {name: Field("scalar") for name in names.split()}
    out.update({name: Field("scalar", compute=fn) for name, fn in computed.items()})
    return out


def ref(target: str, compute: Callable | None = None) -> Field:
    return Field("ref", target, compute)


def embedded(target: str, compute: Callable | None = None) -> Field:
    return Field("embedded", target, compute, default=[])


def opaque(names: str, default: Any = None) -> dict[str, Field]:
    return {name: Field("opaque", default=default) for name in names.split()}


def opaque_lists(names: str) -> dict[str, Field]:
    return {name: Field("opaque", compute=_stored_list(name)) for name in names.split()}


def _stored_list(name: str) -> Callable[[Any, dict], Any]:
    def compute(store: Any, record: dict) -> Any:
        return record.get(name) or []

    return compute


# -- computed values ------------------------------------------------------------------------


def money(value: float) -> float:
    return round(float(value) + 0.0, 2)


def _balances(store: Any, key: str, record_id: int) -> list[dict]:
    totals: dict[int, float] = {}
    for tx in store.all("bank_transactions"):
        # Money already allocated to a bill is no longer held for the client.
        if tx.get(key) == record_id and not tx.get("bill"):
            totals[tx["bank_account"]] = totals.get(tx["bank_account"], 0.0) + tx["amount"]
    out = []
    for account_id, balance in sorted(totals.items()):
        account = store.get("bank_accounts", account_id)
        if account:
            out.append(
                {
                    "id": account_id,
                    "name": account["name"],
                    "type": account["type"],
                    "balance": money(balance),
                }
            )
    return out


def _custom_field_values(store: Any, record: dict) -> list[dict]:
    out = []
    for value in record.get("custom_field_values") or []:
        custom_field = store.get("custom_fields", value["custom_field"]) or {}
        out.append(
            {
                **value,
                "field_name": custom_field.get("name"),
                "field_type": custom_field.get("field_type"),
                "field_required": custom_field.get("required", False),
                "field_displayed": custom_field.get("displayed", True),
                "field_display_order": custom_field.get("display_order", 0),
                "soft_deleted": custom_field.get("deleted", False),
            }
        )
    return out


def _primary(list_key: str, value_key: str, *, secondary: bool = False):
    def compute(store: Any, record: dict) -> str | None:
        items = record.get(list_key) or []
        primary = [i for i in items if i.get("primary")]
        others = [i for i in items if not i.get("primary")]
        ordered = primary + others
        index = 1 if secondary else 0
        return ordered[index][value_key] if len(ordered) > index else None

    return compute


def _bill_state(store: Any, record: dict) -> str | None:
    if record.get("bill") is None:
        return None
    bill = store.get("bills", record["bill"])
    return bill["state"] if bill else None


def _participant(store: Any, raw: dict | None) -> dict | None:
    if not raw:
        return None
    resource = "users" if raw.get("type") == "User" else "contacts"
    target = store.get(resource, raw["id"]) or {}
    email = target.get("email") or _primary("email_addresses", "address")(store, target)
    return {
        "id": raw["id"],
        "etag": target.get("etag"),
        "created_at": target.get("created_at"),
        "updated_at": target.get("updated_at"),
        "type": raw.get("type"),
        "name": target.get("name"),
        "initials": target.get("initials"),
        "identifier": email,
        "secondary_identifier": None,
        "enabled": bool(target.get("enabled", True)),
        "job_title_name": None,
        "avatar": None,
    }


# Currency_base (Matter, Contact, Activity, Bill): the firm's one currency. Records store its
# code (bills, seeded before, an object with the code): rendered as the spec's object.
CURRENCIES = {"USD": {"id": 1, "code": "USD", "sign": "$"}}
CURRENCY_SINCE = "2020-01-01T00:00:00+00:00"


def currency_record(code: str) -> dict:
    base = CURRENCIES.get(code) or {"id": 1, "code": code, "sign": "$"}
    body = {**base, "created_at": CURRENCY_SINCE, "updated_at": CURRENCY_SINCE}
    digest = hashlib.md5(json.dumps(body, sort_keys=True).encode(), usedforsecurity=False)
    return {**body, "etag": f'"{digest.hexdigest()}"'}


def _currency(store: Any, record: dict) -> dict:
    raw = record.get("currency") or "USD"
    return currency_record(str(raw.get("code") if isinstance(raw, dict) else raw))


def _address_at(index: int, *, name: str | None = None):
    """The primary address first, then the others (Contact.primary_address, secondary_address,
    primary_work_address)."""

    def compute(store: Any, record: dict) -> dict | None:
        items = record.get("addresses") or []
        ordered = [i for i in items if i.get("primary")] + [
            i for i in items if not i.get("primary")
        ]
        if name is not None:
            ordered = [i for i in ordered if i.get("name") == name]
        return ordered[index] if len(ordered) > index else None

    return compute


def _taxable(key: str, rate_key: str):
    # The spec types the taxable sub-totals as integers; untaxed bills have none.
    def compute(store: Any, record: dict) -> int:
        return round(float(record.get(key) or 0.0)) if record.get(rate_key) else 0

    return compute


def _tax(key: str, rate_key: str):
    def compute(store: Any, record: dict) -> float:
        rate = float(record.get(rate_key) or 0.0)
        return money(float(record.get(key) or 0.0) * rate / 100)

    return compute


def _custom_rate(store: Any, record: dict) -> dict | None:
    rate = record.get("custom_rate")
    if not isinstance(rate, dict):
        return None
    return {"on_invoice": False, **rate}


def _account_balance_total(store: Any, record: dict) -> float:
    return money(
        sum(
            tx["amount"]
            for tx in store.all("bank_transactions")
            if tx["bank_account"] == record["id"]
        )
    )


def _running_balance(store: Any, record: dict) -> float:
    return money(
        sum(
            tx["amount"]
            for tx in store.all("bank_transactions")
            if tx["bank_account"] == record["bank_account"] and tx["id"] <= record["id"]
        )
    )


def _account(store: Any, record: dict) -> dict:
    body = {"id": 1, "name": store.meta_get("firm_name"), "state": "active"}
    digest = hashlib.md5(json.dumps(body, sort_keys=True).encode(), usedforsecurity=False)
    return {**body, "etag": f'"{digest.hexdigest()}"', "created_at": None, "updated_at": None}


def _last_activity_date(store: Any, record: dict) -> str | None:
    dates = [a["date"] for a in store.all("activities") if a.get("matter") == record["id"]]
    return max(dates) if dates else None


# -- resources --------------------------------------------------------------------------------

CRUD = frozenset({"index", "show", "create", "update", "delete"})
READ = frozenset({"index", "show"})

_timestamps = scalars("created_at updated_at")

RESOURCES: dict[str, Resource] = {}


def register(resource: Resource) -> Resource:
    RESOURCES[resource.name] = resource
    return resource


register(
    Resource(
        "account",
        {**scalars("id etag name state"), **_timestamps},
        embedded=True,
        spec="Account_base",
    )
)
register(
    Resource(
        "participant",
        {
            **scalars(
                "id etag type name identifier secondary_identifier enabled initials job_title_name"
            ),
            **_timestamps,
        },
        embedded=True,
        spec="Participant",
    )
)
register(
    Resource(
        "account_balances",
        scalars("id name type balance", currency_id=lambda store, rec: 1),
        embedded=True,
        spec="AccountBalance_base",
    )
)
register(
    Resource(
        "currency",
        {**scalars("id etag code sign"), **_timestamps},
        embedded=True,
        spec="Currency_base",
    )
)
register(
    Resource(
        "relationships",
        {**scalars("id etag description"), **_timestamps},
        embedded=True,
        spec="Relationship_base",
    )
)
register(
    Resource(
        "email_addresses",
        {**scalars("id etag address name primary"), **_timestamps},
        embedded=True,
        spec="EmailAddress",
    )
)
register(
    Resource(
        "phone_numbers",
        {**scalars("id etag number name primary"), **_timestamps},
        embedded=True,
        spec="PhoneNumber",
    )
)
register(
    Resource(
        "addresses",
        {**scalars("id etag street city province postal_code country name primary"), **_timestamps},
        embedded=True,
        spec="Address_base",
    )
)
register(
    Resource(
        "custom_field_values",
        {
            **scalars(
                "id etag field_name field_type field_required field_displayed "
                "field_display_order value soft_deleted"
            ),
            **_timestamps,
            "custom_field": ref("custom_fields"),
            **opaque("picklist_option"),
        },
        embedded=True,
        spec="CustomFieldValue",
    )
)

register(
    Resource(
        "users",
        {
            **scalars(
                "id etag name first_name last_name email enabled rate subscription_type "
                "time_zone account_owner default_calendar_id initials"
            ),
            **_timestamps,
            **opaque_lists("roles"),
            "account": Field("embedded", "account", _account),
        },
        label=("name",),
        methods=READ,
        query_fields=("name", "email"),
    )
)

register(
    Resource(
        "contacts",
        {
            **scalars(
                "id etag name first_name middle_name last_name prefix title initials "
                "date_of_birth clio_connect_email ledes_client_id sales_tax_number type "
                "is_client is_co_counsel is_bill_recipient has_clio_for_clients_permission "
                "is_clio_for_client_user",
                primary_email_address=_primary("email_addresses", "address"),
                secondary_email_address=_primary("email_addresses", "address", secondary=True),
                primary_phone_number=_primary("phone_numbers", "number"),
                secondary_phone_number=_primary("phone_numbers", "number", secondary=True),
            ),
            **_timestamps,
            "email_addresses": embedded("email_addresses"),
            "phone_numbers": embedded("phone_numbers"),
            "addresses": embedded("addresses"),
            "primary_address": Field("embedded", "addresses", _address_at(0)),
            "secondary_address": Field("embedded", "addresses", _address_at(1)),
            "primary_work_address": Field("embedded", "addresses", _address_at(0, name="Work")),
            "currency": Field("embedded", "currency", _currency),
            "custom_field_values": embedded("custom_field_values", _custom_field_values),
            "account_balances": embedded(
                "account_balances", lambda store, rec: _balances(store, "client", rec["id"])
            ),
            "company": ref("contacts"),
            **opaque_lists("web_sites instant_messengers related_contacts"),
            **opaque("avatar"),
        },
        label=("name",),
        model="contact",
        methods=CRUD,
        spec="Contact",
        query_fields=("name", "first_name", "last_name", "primary_email_address"),
    )
)

register(
    Resource(
        "matters",
        {
            **scalars(
                "id etag number display_number custom_number description location "
                "client_reference billable maildrop_address shared status billing_method "
                "open_date close_date pending_date matter_stage_updated_at",
                client_id=lambda store, rec: rec.get("client"),
                has_tasks=lambda store, rec: any(
                    t.get("matter") == rec["id"] for t in store.all("tasks")
                ),
                last_activity_date=_last_activity_date,
            ),
            **_timestamps,
            "client": ref("contacts"),
            "responsible_attorney": ref("users"),
            "originating_attorney": ref("users"),
            "user": ref("users"),
            "practice_area": ref("practice_areas"),
            "matter_stage": ref("matter_stages"),
            "account_balances": embedded(
                "account_balances", lambda store, rec: _balances(store, "matter", rec["id"])
            ),
            "custom_field_values": embedded("custom_field_values", _custom_field_values),
            "currency": Field("embedded", "currency", _currency),
            "responsible_staff": ref("users"),
            "relationships": embedded("relationships"),
            "custom_rate": Field("opaque", compute=_custom_rate),
            **opaque(
                "group folder contingency_fee evergreen_retainer matter_budget "
                "statute_of_limitations"
            ),
            **opaque_lists(
                "custom_field_set_associations matter_bill_recipients "
                "task_template_list_instances split_invoice_payers"
            ),
        },
        label=("number", "display_number", "description", "status"),
        model="matter",
        methods=CRUD,
        spec="Matter",
        query_fields=("display_number", "number", "description", "_client_name"),
    )
)

register(
    Resource(
        "matter_stages",
        {
            **scalars(
                "id etag name order",
                # The spec types it as a string (MatterStage_base.practice_area_id).
                practice_area_id=lambda store, rec: (
                    None if rec.get("practice_area") is None else str(rec["practice_area"])
                ),
            ),
            **_timestamps,
        },
        label=("name",),
        # The spec has GET /matter_stages.json only (no show).
        methods=frozenset({"index"}),
        query_fields=("name",),
    )
)

register(
    Resource(
        "activities",
        {
            **scalars(
                "id etag type date quantity rounded_quantity quantity_in_hours "
                "rounded_quantity_in_hours quantity_redacted price total non_billable_total note "
                "flat_rate contingency_fee reference no_charge non_billable tax_setting",
                billed=lambda store, rec: _bill_state(store, rec) in BILLED_STATES,
                on_bill=lambda store, rec: _bill_state(store, rec) in ON_BILL_STATES,
            ),
            **_timestamps,
            "matter": ref("matters"),
            "user": ref("users"),
            "bill": ref("bills"),
            "communication": ref("communications"),
            "task": ref("tasks"),
            **opaque(
                "activity_description expense_category vendor calendar_entry matter_note "
                "contact_note timer utbms_expense"
            ),
            "currency": Field("embedded", "currency", _currency),
        },
        label=("type", "date"),
        model="activity",
        methods=CRUD,
        spec="Activity",
        query_fields=("note",),
    )
)

register(
    Resource(
        "bills",
        {
            **scalars(
                "id etag number issued_at due_at start_at end_at paid_at last_sent_at subject "
                "purchase_order memo type kind state total balance paid pending due "
                "credits_issued sub_total tax_sum secondary_tax_sum total_tax services_sub_total "
                "tax_rate secondary_tax_rate can_update shared",
                available_state_transitions=lambda store, rec: STATE_TRANSITIONS.get(
                    rec["state"], []
                ),
                taxable_sub_total=_taxable("sub_total", "tax_rate"),
                secondary_taxable_sub_total=_taxable("sub_total", "secondary_tax_rate"),
                services_taxable_sub_total=_taxable("services_sub_total", "tax_rate"),
                services_secondary_taxable_sub_total=_taxable(
                    "services_sub_total", "secondary_tax_rate"
                ),
                services_tax=_tax("services_sub_total", "tax_rate"),
                services_secondary_tax=_tax("services_sub_total", "secondary_tax_rate"),
            ),
            **_timestamps,
            "client": ref("contacts"),
            "matters": Field("refs", "matters", default=[]),
            "user": ref("users"),
            **opaque(
                "discount interest group bill_theme original_bill destination_account "
                "billing_setting split_invoice"
            ),
            "currency": Field("embedded", "currency", _currency),
            **opaque_lists("balances matter_totals client_addresses"),
        },
        label=("number", "state"),
        model="bill",
        methods=frozenset({"index", "show", "update", "delete"}),
        spec="Bill",
        query_fields=("number",),
    )
)

register(
    Resource(
        "notes",
        {
            **scalars(
                "id etag type subject detail detail_text_type date",
                time_entries_count=lambda store, rec: 0,
            ),
            **_timestamps,
            "matter": ref("matters"),
            "contact": ref("contacts"),
            "author": ref("users"),
            **opaque_lists("time_entries notification_event_subscribers"),
        },
        label=("subject",),
        methods=CRUD,
        query_fields=("subject", "detail"),
    )
)

register(
    Resource(
        "communications",
        {
            **scalars(
                "id etag subject body type date received_at",
                time_entries_count=lambda store, rec: 0,
            ),
            **_timestamps,
            "user": ref("users"),
            "matter": ref("matters"),
            "senders": embedded(
                "participant",
                lambda store, rec: [_participant(store, p) for p in rec.get("senders") or []],
            ),
            "receivers": embedded(
                "participant",
                lambda store, rec: [_participant(store, p) for p in rec.get("receivers") or []],
            ),
            **opaque_lists("external_properties time_entries documents"),
            **opaque("communication_eml_file"),
        },
        label=("subject",),
        model="communication",
        methods=CRUD,
        default_order="date",
        query_fields=("subject", "body"),
    )
)

register(
    Resource(
        "tasks",
        {
            **scalars(
                "id etag name description description_text_type status priority due_at "
                "completed_at permission notify_completion statute_of_limitations time_estimated",
                time_entries_count=lambda store, rec: 0,
            ),
            **_timestamps,
            "matter": ref("matters"),
            "assignee": Field(
                "embedded", "participant", lambda store, rec: _participant(store, rec["assignee"])
            ),
            "assigner": ref("users"),
            **opaque("task_type"),
            **opaque_lists("reminders time_entries"),
        },
        label=("name",),
        model="task",
        methods=CRUD,
        query_fields=("name", "description"),
    )
)

register(
    Resource(
        "custom_fields",
        {
            **scalars(
                "id etag name parent_type field_type displayed required deleted display_order"
            ),
            **_timestamps,
            **opaque_lists("picklist_options"),
        },
        label=("name", "field_type"),
        methods=CRUD,
        query_fields=("name",),
    )
)

register(
    Resource(
        "practice_areas",
        {**scalars("id etag name code category"), **_timestamps},
        label=("name",),
        methods=CRUD,
        query_fields=("name", "code"),
    )
)

register(
    Resource(
        "bank_accounts",
        {
            **scalars(
                "id etag name type currency currency_id currency_symbol account_number "
                "transit_number swift institution domicile_branch holder default_account "
                "controlled_account general_ledger_number clio_payments_enabled "
                "clio_payment_page_link",
                balance=_account_balance_total,
                bank_transactions_count=lambda store, rec: sum(
                    1 for tx in store.all("bank_transactions") if tx["bank_account"] == rec["id"]
                ),
            ),
            **_timestamps,
            "user": ref("users"),
        },
        label=("name", "type"),
        methods=CRUD,
        query_fields=("name",),
    )
)

register(
    Resource(
        "bank_transactions",
        {
            **scalars(
                "id etag type source confirmation date amount currency exchange_rate "
                "description transaction_type read_only_confirmation",
                currency_id=lambda store, rec: 1,
                bank_account_id=lambda store, rec: rec["bank_account"],
                funds_in=lambda store, rec: money(max(rec["amount"], 0.0)),
                funds_out=lambda store, rec: money(max(-rec["amount"], 0.0)),
                current_account_balance=_running_balance,
            ),
            **_timestamps,
            "bank_account": ref("bank_accounts"),
            "client": ref("contacts"),
            "matter": ref("matters"),
            "bill": ref("bills"),
            **opaque("clio_payments_transaction allocation"),
        },
        label=("date", "amount"),
        methods=CRUD,
        query_fields=("description",),
    )
)

register(
    Resource(
        "webhooks",
        {
            **scalars("id etag url fields shared_secret model status events expires_at"),
            **_timestamps,
            "user": ref("users"),
        },
        label=("url",),
        methods=CRUD,
    )
)


# -- sub-resources (GET /matters/{id}/client, /matters/{id}/related_contacts) ---------------


def _contact_view(name: str, spec: str, **extra: Field) -> Resource:
    """A contact as a sub-resource shows it: the contact's fields the schema names, plus
    ``extra``; ``complete_from_spec`` adds the rest."""
    names = spec_fields()[spec]
    contact_fields = RESOURCES["contacts"].fields
    chosen = {n: contact_fields[n] for n in names if n in contact_fields and n not in extra}
    return register(Resource(name, {**chosen, **extra}, embedded=True, spec=spec))


_contact_view("matter_client", "Client", is_matter_client=Field("scalar", default=True))
# Each record is the contact with the relationship's id, ``contact_id`` and ``_relationship``.
_contact_view(
    "matter_related_contacts",
    "RelatedContacts",
    contact_id=Field("scalar"),
    is_matter_client=Field("scalar", default=False),
    relationship=Field("embedded", "relationships", lambda store, rec: rec.get("_relationship")),
)


# -- the spec's field lists -----------------------------------------------------------------


def _spec_default(kind: str) -> Field:
    """A field the spec documents that the emulator does not model: null, or an empty list, or
    false for a flag (a plausible value of the spec's type)."""
    if kind.startswith("[]"):
        return Field("opaque", compute=_stored_list_of(), default=[], nested=nested_schema(kind))
    if kind == "boolean":
        return Field("scalar", default=False)
    if kind.startswith("@"):
        return Field("opaque", nested=nested_schema(kind))
    return Field("scalar")


def _stored_list_of():
    def compute(store: Any, record: dict) -> Any:
        return []

    return compute


def complete_from_spec(resource: Resource) -> None:
    """Serve every field the spec's schema of ``resource`` has, and no other.

    Fields modelled above keep their behaviour; an ``opaque`` one learns its nested schema; the
    rest are added with ``_spec_default``. A field the spec lacks is a mistake here.
    """
    schema = spec_fields()[resource.spec] if resource.spec else None
    if schema is None:
        raise LookupError(f"{resource.name} has no schema in openapi_fields.json")
    unknown = sorted(set(resource.fields) - set(schema))
    if unknown:
        raise LookupError(f"{resource.name} serves {unknown}, which {resource.spec} lacks")
    completed: dict[str, Field] = {}
    for name, kind in schema.items():
        current = resource.fields.get(name)
        if current is None:
            completed[name] = _spec_default(kind)
        elif current.kind == "opaque":
            completed[name] = replace(current, nested=nested_schema(kind))
        else:
            completed[name] = current
    resource.fields = completed


for _resource in RESOURCES.values():
    if _resource.spec is None:
        _resource.spec = RESOURCE_SCHEMAS.get(_resource.name)
    complete_from_spec(_resource)

# Webhook model names (reference §4) -> the resource they watch. Models that this emulator does
# not serve (calendar_entry, document, folder, clio_payments_payment) are accepted but never fire.
WEBHOOK_MODELS = {
    "matter": "matters",
    "activity": "activities",
    "bill": "bills",
    "calendar_entry": None,
    "communication": "communications",
    "contact": "contacts",
    "task": "tasks",
    "document": None,
    "folder": None,
    "clio_payments_payment": None,
}
WEBHOOK_MODEL_IDS = {
    1: "matter",
    2: "activity",
    3: "bill",
    4: "calendar_entry",
    5: "communication",
    6: "contact",
    7: "task",
    8: "document",
    9: "folder",
    10: "clio_payments_payment",
}
BASE_EVENTS = ("created", "updated", "deleted")
MATTER_EVENTS = ("matter_opened", "matter_pended", "matter_closed")
