"""The Clio resources under /api/v4 (reference §2): auth, rate limit, versions, CRUD dispatch.

Both ``/matters.json`` and ``/matters`` are served. Checks run in the order a client notices
them: token (401), rate limit (429), version (410), then the endpoint itself.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from flask import Blueprint, Response, current_app, g, request
from werkzeug.datastructures import MultiDict

from . import fields, listing, oauth, services
from .errors import ApiError, argument_error, not_found
from .filters import values
from .schema import RESOURCES

SUPPORTED_VERSIONS = {f"4.0.{minor}" for minor in range(4, 14)}
VERSION_RE = re.compile(r"^4\.\d+\.\d+$")

bp = Blueprint("api", __name__, url_prefix="/api/v4")


def _emulator():
    return current_app.config["EMULATOR"]


def _json(payload: Any, status: int = 200) -> Response:
    return Response(json.dumps(payload), status=status, mimetype="application/json")


@bp.errorhandler(ApiError)
def _api_error(error: ApiError) -> Response:
    return _json(error.body(), error.status)


@bp.before_request
def _authenticate_and_limit() -> Response | None:
    emulator = _emulator()
    token = oauth.bearer_token()
    g.rate = emulator.limiter.hit(f"token:{token}" if token else f"ip:{request.remote_addr}")
    with emulator.store.transaction():
        g.user_id = oauth.token_user(emulator.store, token)
    if g.user_id is None:
        return oauth.invalid_token()
    if not g.rate.allowed:
        return _json(
            {
                "error": {
                    "type": "RateLimited",
                    "message": f"Rate limit exceeded. Retry in {g.rate.retry_after} seconds.",
                }
            },
            429,
        )
    requested = request.headers.get("X-API-VERSION")
    if requested is not None and requested.strip() not in SUPPORTED_VERSIONS:
        g.version = None
        kind = "not a valid" if not VERSION_RE.match(requested.strip()) else "not a supported"
        return _json(
            {"error": {"type": "Gone", "message": f"{requested} is {kind} API version"}}, 410
        )
    g.version = requested.strip() if requested else emulator.settings.default_api_version
    return None


@bp.after_request
def _headers(response: Response) -> Response:
    rate = getattr(g, "rate", None)
    if rate is not None:
        response.headers.update(rate.headers())
    if getattr(g, "version", None):
        response.headers["X-API-VERSION"] = g.version
    return response


# -- request parsing --------------------------------------------------------------------------


def _key_parts(key: str) -> list[str]:
    match = re.match(r"^([^\[]+)((?:\[[^\]]*\])*)$", key)
    if not match:
        return [key]
    return [match.group(1), *re.findall(r"\[([^\]]*)\]", match.group(2))]


def _form_to_nested(form: Any) -> dict:
    """Rails-style ``data[client][id]=1`` / ``data[events][]=created`` form keys to a dict."""
    root: dict = {}
    for key, value in form.items(multi=True):
        parts = _key_parts(key)
        node: Any = root
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            if part == "":  # "[]": append a value, or start/continue an array of objects
                if last:
                    node.append(value)
                elif not node or parts[index + 1] in node[-1]:
                    node.append({})
                    node = node[-1]
                else:
                    node = node[-1]
            elif last:
                node[part] = value
            else:
                node = node.setdefault(part, [] if parts[index + 1] == "" else {})
    return root


def _body() -> dict:
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        payload = _form_to_nested(request.form)
    else:
        raw = request.get_data(as_text=True)
        try:
            payload = json.loads(raw) if raw.strip() else {}
        except ValueError as exc:
            raise ApiError(400, "BadRequest", "The request body is not valid JSON") from exc
    data = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(data, dict):
        raise argument_error('the request body must be an object under "data"')
    return data


def _etag_matches(header: str, etag: str) -> bool:
    candidates = [c.strip().removeprefix("W/") for c in header.split(",")]
    return "*" in candidates or etag in candidates


def _single(resource_name: str, record: dict, status: int = 200) -> Response:
    resource = RESOURCES[resource_name]
    spec = fields.parse_for(resource, request.args.get("fields"))
    with _emulator().store.transaction():
        data = fields.render(_emulator().store, resource, record, spec)
    response = _json({"data": data}, status)
    response.headers["ETag"] = record["etag"]
    response.headers["Last-Modified"] = format_datetime(
        datetime.fromtimestamp(int(record["_updated_ts"]), UTC), usegmt=True
    )
    return response


def _not_modified(record: dict) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        return _etag_matches(if_none_match, record["etag"])
    if_modified_since = request.headers.get("If-Modified-Since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since).timestamp()
        except (TypeError, ValueError):
            return False
        return int(record["_updated_ts"]) <= since
    return False


# -- dispatch ---------------------------------------------------------------------------------


@bp.route("/<path:path>", methods=["GET", "POST", "PATCH", "DELETE", "PUT"])
def dispatch(path: str) -> Response:
    segments = path.removesuffix(".json").strip("/").split("/")
    emulator = _emulator()
    ctx = emulator.ctx(g.user_id)
    store = emulator.store
    name = segments[0]
    resource = RESOURCES.get(name)
    if resource is None or resource.embedded:
        raise ApiError(404, "NotFound", f"/api/v4/{path} is not a known endpoint")

    if segments == ["users", "who_am_i"] and request.method == "GET":
        with store.transaction():
            record = store.get("users", g.user_id)
        return _single("users", record)

    if len(segments) == 1:
        if request.method == "GET" and "index" in resource.methods:
            spec = fields.parse_for(resource, request.args.get("fields"))
            with store.transaction():
                records = listing.select(store, resource, request.args)
                page, meta = listing.paginate(
                    store, resource, records, request.args, request.base_url
                )
                data = [fields.render(store, resource, r, spec) for r in page]
            return _json({"data": data, "meta": meta})
        if request.method == "POST" and "create" in resource.methods:
            body = _body()
            fields.parse_for(resource, request.args.get("fields"))
            with store.transaction():
                record = services.record_create(ctx, name, body)
            return _single(name, record, 201)
        raise _method_not_allowed(path)

    if not segments[1].isdigit():
        raise ApiError(404, "NotFound", f"/api/v4/{path} is not a known endpoint")
    record_id = int(segments[1])

    if segments[2:] == ["activate"] and name == "webhooks" and request.method == "PUT":
        return _activate_webhook(ctx, record_id)
    if len(segments) == 3 and (name, segments[2]) in SUB_RESOURCES:
        if request.method != "GET":
            raise _method_not_allowed(path)
        return _sub_resource(name, record_id, segments[2])
    if len(segments) != 2:
        raise ApiError(404, "NotFound", f"/api/v4/{path} is not a known endpoint")

    with store.transaction():
        record = store.get(name, record_id)
        if record is None:
            raise not_found(resource.name.rstrip("s").replace("_", " "))
        if request.method == "GET" and "show" in resource.methods:
            if _not_modified(record):
                response = Response(status=304)
                response.headers["ETag"] = record["etag"]
                return response
            return _single(name, record)
        if request.method == "PATCH" and "update" in resource.methods:
            body = _body()
            fields.parse_for(resource, request.args.get("fields"))
            _check_if_match(record)
            record = services.record_update(ctx, name, record, body)
            return _single(name, record)
        if request.method == "DELETE" and "delete" in resource.methods:
            _check_if_match(record)
            services.record_delete(ctx, name, record)
            return Response(status=204)
    raise _method_not_allowed(path)


# GET-only lists and records under a record (Clio 4.0.13: /matters/{matter_id}/client.json,
# /matters/{matter_id}/related_contacts.json, /contacts/{contact_id}/email_addresses.json and
# /contacts/{contact_id}/phone_numbers.json).
SUB_RESOURCES = {
    ("matters", "client"),
    ("matters", "related_contacts"),
    ("contacts", "email_addresses"),
    ("contacts", "phone_numbers"),
}


def _sub_resource(parent_name: str, parent_id: int, child: str) -> Response:
    store = _emulator().store
    with store.transaction():
        parent = store.get(parent_name, parent_id)
        if parent is None:
            raise not_found(parent_name.rstrip("s"))
        if child == "client":
            client = store.get_stored("contacts", parent["client"])
            if _not_modified(client):
                response = Response(status=304)
                response.headers["ETag"] = client["etag"]
                return response
            return _single("matter_client", client)
        args = MultiDict(request.args)
        if child == "related_contacts":
            resource = RESOURCES["matter_related_contacts"]
            records = [
                {
                    **store.get_stored("contacts", relationship["contact"]),
                    "id": relationship["id"],
                    "contact_id": relationship["contact"],
                    "is_matter_client": relationship["contact"] == parent.get("client"),
                    "_relationship": relationship,
                }
                for relationship in parent.get("relationships") or []
            ]
            # The spec orders them by contact.name, which is the record's name here.
            order = args.get("order") or ""
            if order.startswith("contact.name"):
                args["order"] = order.removeprefix("contact.")
        else:
            resource = RESOURCES[child]
            records = _created_or_updated_since(list(parent.get(child) or []), args)
        spec = fields.parse_for(resource, args.get("fields"))
        page, meta = listing.paginate(store, resource, records, args, request.base_url)
        data = [fields.render(store, resource, r, spec) for r in page]
    return _json({"data": data, "meta": meta})


def _created_or_updated_since(records: list[dict], args: MultiDict) -> list[dict]:
    wanted = values(args, "ids")
    if wanted:
        records = [r for r in records if str(r["id"]) in set(wanted)]
    for param, key in (("created_since", "created_at"), ("updated_since", "updated_at")):
        if args.get(param):
            since = listing.parse_timestamp(param, args[param])
            records = [
                r for r in records if listing.parse_timestamp(key, r.get(key) or "") >= since
            ]
    return records


def _check_if_match(record: dict) -> None:
    if_match = request.headers.get("If-Match")
    if if_match is not None and not _etag_matches(if_match, record["etag"]):
        raise ApiError(
            412,
            "PreconditionFailed",
            "The record has changed since it was read (If-Match does not match its ETag)",
        )


def _method_not_allowed(path: str) -> ApiError:
    return ApiError(405, "MethodNotAllowed", f"{request.method} is not allowed on /api/v4/{path}")


def _activate_webhook(ctx: Any, webhook_id: int) -> Response:
    store = ctx.store
    with store.transaction():
        webhook = store.get("webhooks", webhook_id)
        if webhook is None:
            raise not_found("webhook")
        secret = request.headers.get("X-Hook-Secret")
        if secret != webhook["shared_secret"]:
            raise argument_error("X-Hook-Secret does not match this webhook's secret")
        if webhook["status"] != "enabled":
            webhook["status"] = "enabled"
            store.put("webhooks", webhook, at=ctx.now())
        return _single("webhooks", webhook)
