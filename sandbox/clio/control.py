"""The control API under /_sandbox/: not Clio's. It resets and seeds state, hands out tokens
without the browser dance, and acts as a firm user working in Clio (which fires webhooks just as
the API does). docs/sandbox/clio.md documents each endpoint.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, current_app, request

from . import fields, oauth, seed, services, webhooks
from .errors import ApiError, argument_error, not_found
from .schema import RESOURCES

bp = Blueprint("control", __name__, url_prefix="/_sandbox")
BULK_MAX = 5000


def _emulator():
    return current_app.config["EMULATOR"]


def _json(payload: Any, status: int = 200) -> Response:
    return Response(json.dumps(payload), status=status, mimetype="application/json")


@bp.errorhandler(ApiError)
def _api_error(error: ApiError) -> Response:
    return _json(error.body(), error.status)


def _params() -> dict:
    if request.is_json:
        payload = request.get_json(silent=True)
        if not isinstance(payload, dict):
            raise ApiError(400, "BadRequest", "The request body must be a JSON object")
        return payload
    return request.form.to_dict()


def _full(resource_name: str, record: dict) -> dict:
    """Every field, and nested records with their labels (not Clio's bare id and etag)."""
    resource = RESOURCES[resource_name]
    spec = [(name, _nested_spec(field)) for name, field in resource.fields.items()]
    return fields.render(_emulator().store, resource, record, spec)


def _nested_spec(field: Any) -> list | None:
    if field.kind not in ("ref", "refs", "embedded"):
        return None
    target = RESOURCES[field.target]
    if target.embedded:
        return [(name, None) for name, f in target.fields.items() if f.kind == "scalar"]
    return [(name, None) for name in ("id", "etag", *target.label) if name in target.fields]


def _ctx(params: dict):
    emulator = _emulator()
    user_id = int(params.get("user_id") or emulator.demo_user_id())
    if emulator.store.get("users", user_id) is None:
        raise argument_error(f"user {user_id} does not exist")
    return emulator.ctx(user_id)


def _load(resource: str, record_id: int | None) -> dict:
    record = _emulator().store.get(resource, record_id)
    if record is None:
        raise not_found(resource)
    return record


@bp.get("/health")
def health() -> Response:
    return _json({"status": "ok", "service": "clio-sandbox"})


@bp.post("/reset")
def reset() -> Response:
    _emulator().reset()
    return _json({"status": "reset"})


@bp.post("/token")
def token() -> Response:
    params = _params()
    emulator = _emulator()
    expires_in = int(params.get("expires_in") or emulator.settings.token_expires_in)
    with emulator.store.transaction():
        ctx = _ctx(params)
        return _json(oauth.issue_tokens(emulator.store, ctx.user_id, expires_in))


@bp.post("/seed")
def seed_more() -> Response:
    params = _params()
    matters = int(params.get("matters", 10))
    per_matter = int(params.get("time_entries_per_matter", 2))
    if not 0 <= matters <= 20000 or not 0 <= per_matter <= 50:
        raise argument_error("matters must be 0-20000 and time_entries_per_matter 0-50")
    with _emulator().store.transaction():
        ctx = _ctx(params)
        ctx.quiet = str(params.get("fire_webhooks", "false")).lower() != "true"
        created = seed.seed_bulk(ctx, matters=matters, time_entries_per_matter=per_matter)
    return _json({"data": created}, 201)


# -- a firm user working in Clio ----------------------------------------------------------------


@bp.post("/time_entries")
def time_entry_create() -> Response:
    params = _params()
    body: dict[str, Any] = {
        "type": params.get("type", "TimeEntry"),
        "date": params.get("date"),
        "matter": {"id": params.get("matter_id")},
        "note": params.get("note"),
    }
    if "hours" in params:
        body["quantity"] = round(float(params["hours"]) * 3600)
    for key in ("quantity", "price", "non_billable", "no_charge"):
        if key in params:
            body[key] = params[key]
    with _emulator().store.transaction():
        ctx = _ctx(params)
        body["date"] = body["date"] or ctx.today()
        body["user"] = {"id": ctx.user_id}
        record = services.record_create(ctx, "activities", body)
        return _json({"data": _full("activities", record)}, 201)


@bp.patch("/activities/<int:activity_id>")
def activity_edit(activity_id: int) -> Response:
    params = _params()
    with _emulator().store.transaction():
        ctx = _ctx(params)
        body = {k: v for k, v in params.items() if k != "user_id"}
        if "hours" in body:
            body["quantity"] = round(float(body.pop("hours")) * 3600)
        record = services.record_update(ctx, "activities", _load("activities", activity_id), body)
        return _json({"data": _full("activities", record)})


@bp.delete("/activities/<int:activity_id>")
def activity_remove(activity_id: int) -> Response:
    with _emulator().store.transaction():
        ctx = _ctx(_params() if request.data else {})
        services.record_delete(ctx, "activities", _load("activities", activity_id))
    return Response(status=204)


@bp.post("/matters/<int:matter_id>/<any(open, pend, close):action>")
def matter_status(matter_id: int, action: str) -> Response:
    status = {"open": "open", "pend": "pending", "close": "closed"}[action]
    with _emulator().store.transaction():
        ctx = _ctx(_params())
        record = services.record_update(
            ctx, "matters", _load("matters", matter_id), {"status": status}
        )
        return _json({"data": _full("matters", record)})


@bp.post("/matters/<int:matter_id>/stage")
def matter_stage(matter_id: int) -> Response:
    params = _params()
    with _emulator().store.transaction():
        ctx = _ctx(params)
        record = services.record_update(
            ctx,
            "matters",
            _load("matters", matter_id),
            {"matter_stage": {"id": params.get("matter_stage_id")}},
        )
        return _json({"data": _full("matters", record)})


@bp.post("/contacts/<int:contact_id>/email")
def contact_email(contact_id: int) -> Response:
    params = _params()
    with _emulator().store.transaction():
        ctx = _ctx(params)
        contact = _load("contacts", contact_id)
        primary = next((e for e in contact.get("email_addresses") or [] if e["primary"]), None)
        if not params.get("address"):
            entry = {"id": primary["id"], "_destroy": True} if primary else None
        elif primary:
            entry = {"id": primary["id"], "address": params["address"]}
        else:
            entry = {"name": "Work", "address": params["address"], "default_email": True}
        body = {"email_addresses": [entry] if entry else []}
        record = services.record_update(ctx, "contacts", contact, body)
        return _json({"data": _full("contacts", record)})


@bp.post("/bills")
def bill_create() -> Response:
    """Generate a bill in Clio for a matter's unbilled, billable activities (or the ids given)."""
    params = _params()
    emulator = _emulator()
    store = emulator.store
    with store.transaction():
        ctx = _ctx(params)
        matter = _load("matters", int(params.get("matter_id") or 0))
        wanted = {int(i) for i in params.get("activity_ids") or []}
        activities = [
            a
            for a in store.all("activities")
            if a.get("matter") == matter["id"]
            and not a.get("bill")
            and (a["id"] in wanted if wanted else not a.get("non_billable"))
        ]
        if not activities:
            raise argument_error("there are no unbilled activities to bill")
        state = params.get("state", "draft")
        total = round(sum(a["total"] for a in activities if not a.get("no_charge")), 2)
        number = str(sum(1 for _ in store.all("bills")) + 1)
        bill = {
            "id": store.next_id("bills"),
            "_updates": 0,
            "number": number,
            "issued_at": ctx.today() if state != "draft" else None,
            "due_at": params.get("due_at"),
            "start_at": min(a["date"] for a in activities),
            "end_at": max(a["date"] for a in activities),
            "paid_at": None,
            "last_sent_at": None,
            "subject": None,
            "purchase_order": None,
            "memo": None,
            "type": "MatterBill",
            "kind": "revenue_kind",
            "state": state,
            "total": total,
            "sub_total": total,
            "services_sub_total": round(
                sum(a["total"] for a in activities if a["type"] == "TimeEntry"), 2
            ),
            "balance": total,
            "paid": 0.0,
            "pending": 0.0,
            "due": total,
            "credits_issued": 0.0,
            "tax_sum": 0.0,
            "secondary_tax_sum": 0.0,
            "total_tax": 0.0,
            "tax_rate": 0.0,
            "secondary_tax_rate": 0.0,
            "can_update": True,
            "shared": False,
            "client": matter["client"],
            "matters": [matter["id"]],
            "user": ctx.user_id,
            "currency": {"id": 1, "code": "USD", "sign": "$"},
            "balances": [
                {
                    "id": matter["id"],
                    "type": "Matter",
                    "amount": total,
                    "interest_amount": 0.0,
                    "due": total,
                }
            ],
        }
        if state not in ("draft", "awaiting_approval", "awaiting_payment"):
            raise argument_error("state must be draft, awaiting_approval or awaiting_payment")
        store.put("bills", bill, at=ctx.now())
        webhooks.emit(ctx, "bills", "created", bill)
        for activity in activities:
            before = webhooks.snapshot(ctx, "activities", activity)
            activity["bill"] = bill["id"]
            activity["_updates"] = activity.get("_updates", 0) + 1
            store.put("activities", activity, at=ctx.now())
            webhooks.emit(ctx, "activities", "updated", activity, before=before)
        return _json({"data": _full("bills", bill)}, 201)


@bp.route("/records/<resource>", methods=["POST"])
@bp.route("/records/<resource>/<int:record_id>", methods=["PATCH", "DELETE"])
def record_act(resource: str, record_id: int | None = None) -> Response:
    """Any other change a firm user could make, with the API's body shape (``{"data": …}``)."""
    from .writers import WRITERS

    if resource not in WRITERS:
        raise not_found("resource")
    params = _params() if request.data else {}
    body = params.get("data") or {}
    with _emulator().store.transaction():
        ctx = _ctx(params)
        if request.method == "POST":
            record = services.record_create(ctx, resource, body)
            return _json({"data": _full(resource, record)}, 201)
        record = _load(resource, record_id)
        if request.method == "DELETE":
            services.record_delete(ctx, resource, record)
            return Response(status=204)
        record = services.record_update(ctx, resource, record, body)
        return _json({"data": _full(resource, record)})


@bp.post("/records/<resource>/bulk")
def records_bulk(resource: str) -> Response:
    """Create many records in one transaction (``{"data": [{…}, …]}``), for seeding a big firm.

    All or nothing: one invalid record rolls the whole batch back. Quiet unless
    ``fire_webhooks`` is true. An optional ``at`` (ISO 8601, not in the future) back-dates the
    records' ``created_at``/``updated_at``, as if a firm user had entered them then. Answers
    the new ids in order.
    """
    from .writers import WRITERS

    if resource not in WRITERS:
        raise not_found("resource")
    params = _params()
    items = params.get("data")
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise argument_error("data must be a list of objects")
    if len(items) > BULK_MAX:
        raise argument_error(f"at most {BULK_MAX} records per request")
    at = _past_moment(params.get("at"))
    with _emulator().store.transaction():
        ctx = _ctx(params)
        ctx.quiet = str(params.get("fire_webhooks", "false")).lower() != "true"
        ctx.clock = at
        ids = [services.record_create(ctx, resource, item)["id"] for item in items]
    return _json({"data": [{"id": record_id} for record_id in ids]}, 201)


def _past_moment(value: Any) -> float | None:
    if value in (None, ""):
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise argument_error("at must be an ISO 8601 date-time") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if moment.timestamp() > time.time():
        raise argument_error("at must not be in the future")
    return moment.timestamp()


@bp.post("/users")
def user_create() -> Response:
    """Add a firm user (Clio's API has no user create): name, rate, attorney or not."""
    body = _params().get("data") or {}
    first, last = body.get("first_name"), body.get("last_name")
    if not first or not last:
        raise argument_error("first_name and last_name are required")
    kind = body.get("subscription_type", "Attorney")
    if kind not in ("Attorney", "NonAttorney"):
        raise argument_error("subscription_type must be Attorney or NonAttorney")
    try:
        rate = float(body.get("rate") or 0.0)
    except (TypeError, ValueError) as exc:
        raise argument_error("rate must be a number") from exc
    if rate < 0:
        raise argument_error("rate must not be negative")
    store = _emulator().store
    with store.transaction():
        email = body.get("email") or f"{first}.{last}@sandbox-law.example".lower()
        if any(u.get("email") == email for u in store.all("users")):
            raise argument_error(f"a user with email {email} already exists")
        user_id = store.next_id("users")
        record = {
            "id": user_id,
            "_updates": 0,
            "first_name": str(first),
            "last_name": str(last),
            "name": f"{first} {last}",
            "initials": str(first)[0] + str(last)[0],
            "email": email,
            "enabled": bool(body.get("enabled", True)),
            "rate": rate,
            "subscription_type": kind,
            "time_zone": body.get("time_zone") or "Pacific Time (US & Canada)",
            "account_owner": False,
            "default_calendar_id": user_id + 10000,
            "roles": list(body.get("roles") or []),
        }
        store.put("users", record)
        return _json({"data": _full("users", record)}, 201)


@bp.get("/webhook_deliveries")
def webhook_deliveries() -> Response:
    clauses, values = [], []
    for key in ("webhook_id", "status", "kind", "event"):
        if request.args.get(key):
            clauses.append(f"{key} = ?")
            values.append(request.args[key])
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = f"SELECT * FROM deliveries {where} ORDER BY id"  # noqa: S608 - fixed column names
    rows = _emulator().store.execute(sql, values).fetchall()
    return _json({"data": [webhooks.delivery_as_json(row) for row in rows]})
