"""The gateway's REST surface: /v1/*, /payment-pages and /status. Views parse, call one
service and return JSON."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, current_app, jsonify, request

from .auth import caller_identify
from .charges import charge_capture, charge_create, charge_refund, token_create, transaction_void
from .errors import GatewayError
from .events import event_get, events_list
from .merchant import merchant_ip_check, merchant_serialize, merchant_update, pages_list
from .store import Store
from .transactions import (
    envelope,
    page_params,
    transaction_row,
    transaction_serialize,
    transactions_search,
)

api = Blueprint("lawpay_api", __name__)


def _store() -> Store:
    return current_app.extensions["lawpay_store"]


def _settings():
    return current_app.extensions["lawpay_settings"]


def _secret_mode() -> str:
    """The mode of the secret key on this request; the public key opens only /v1/tokens."""
    caller = caller_identify(request, settings=_settings())
    if caller.kind != "secret" or caller.mode is None:  # a secret key always has a mode
        raise GatewayError("not_authorized", "The public key can only create payment tokens")
    merchant_ip_check(_store().connection(), remote_addr=request.remote_addr)
    return caller.mode


def _body(*, allow_form: bool = False) -> dict[str, Any]:
    raw = request.get_data(cache=True)
    if allow_form and request.mimetype in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return request.form.to_dict()
    if not raw.strip():
        return {}
    mimetype = request.mimetype or ""
    if mimetype and mimetype != "application/json" and not mimetype.endswith("+json"):
        raise GatewayError("invalid_request", f"Content-Type {mimetype} is not supported")
    try:
        body = json.loads(raw)
    except ValueError:
        raise GatewayError("malformed_request") from None
    if not isinstance(body, dict):
        raise GatewayError("malformed_request")
    return body


@api.get("/status")
def status():
    return jsonify({"status": "NORMAL"})


@api.post("/v1/tokens")
def tokens_create():
    # Any of the merchant's keys may tokenise (UNVERIFIED for the secret keys).
    caller_identify(request, settings=_settings())
    return jsonify(token_create(_store(), body=_body(allow_form=True)))


@api.get("/v1/merchant")
def merchant_show():
    mode = _secret_mode()
    conn = _store().connection()
    return jsonify(merchant_serialize(conn, mode=mode, settings=_settings()))


@api.route("/v1/merchant", methods=["PUT", "PATCH"])
def merchant_edit():
    mode = _secret_mode()
    body = _body()
    with _store().transaction() as conn:
        merchant_update(conn, body=body, replace=request.method == "PUT")
        return jsonify(merchant_serialize(conn, mode=mode, settings=_settings()))


@api.post("/v1/merchant/purge-test-data")
def merchant_purge_test_data():
    _secret_mode()
    with _store().transaction() as conn:
        conn.execute(
            "DELETE FROM delivery_attempts WHERE delivery_id IN (SELECT deliveries.id FROM"
            " deliveries JOIN events ON events.id = deliveries.event_id WHERE events.mode = 'TEST')"
        )
        conn.execute(
            "DELETE FROM deliveries WHERE event_id IN (SELECT id FROM events WHERE mode = 'TEST')"
        )
        conn.execute("DELETE FROM events WHERE mode = 'TEST'")
        conn.execute("DELETE FROM transactions WHERE mode = 'TEST'")
    return "", 204


@api.get("/payment-pages")
def payment_pages():
    # The real endpoint takes a partner OAuth Bearer token; the sandbox takes the secret key,
    # as Basic or as the Bearer token, since it has no OAuth server.
    caller = caller_identify(request, settings=_settings(), allow_bearer=True)
    if caller.kind != "secret":
        raise GatewayError("not_authorized")
    merchant_ip_check(_store().connection(), remote_addr=request.remote_addr)
    base_url = _settings().public_url or request.host_url.rstrip("/")
    conn = _store().connection()
    return jsonify({"payment_pages": pages_list(conn, mode=caller.mode, base_url=base_url)})


@api.post("/v1/charges")
def charges_create():
    mode = _secret_mode()
    return jsonify(charge_create(_store(), mode=mode, body=_body(), settings=_settings()))


@api.post("/v1/charges/<charge_id>/refund")
def charges_refund(charge_id: str):
    mode = _secret_mode()
    return jsonify(charge_refund(_store(), mode=mode, charge_id=charge_id, body=_body()))


@api.post("/v1/charges/<charge_id>/capture")
def charges_capture(charge_id: str):
    mode = _secret_mode()
    return jsonify(charge_capture(_store(), mode=mode, charge_id=charge_id, body=_body()))


@api.get("/v1/charges/holds")
def charges_holds():
    mode = _secret_mode()
    page, page_size = page_params(request.args)
    conn = _store().connection()
    rows = conn.execute(
        "SELECT * FROM transactions WHERE mode = ? AND type = 'CHARGE' AND status = 'AUTHORIZED'"
        " AND auto_capture = 0 ORDER BY seq DESC",
        (mode,),
    ).fetchall()
    holds = [transaction_serialize(conn, row) for row in rows]
    return jsonify(envelope(holds, page=page, page_size=page_size))


@api.post("/v1/transactions/<transaction_id>/void")
def transactions_void(transaction_id: str):
    mode = _secret_mode()
    body = _body()
    return jsonify(transaction_void(_store(), mode=mode, transaction_id=transaction_id, body=body))


@api.get("/v1/transactions")
def transactions_index():
    mode = _secret_mode()
    return jsonify(transactions_search(_store().connection(), mode=mode, args=request.args))


@api.get("/v1/transactions/<transaction_id>")
def transactions_show(transaction_id: str):
    mode = _secret_mode()
    conn = _store().connection()
    row = transaction_row(conn, transaction_id=transaction_id, mode=mode)
    return jsonify(transaction_serialize(conn, row, refunds=True))


@api.get("/v1/events")
def events_index():
    mode = _secret_mode()
    return jsonify(events_list(_store().connection(), mode=mode, args=request.args))


@api.get("/v1/events/<event_id>")
def events_show(event_id: str):
    mode = _secret_mode()
    return jsonify(event_get(_store().connection(), event_id=event_id, mode=mode))
