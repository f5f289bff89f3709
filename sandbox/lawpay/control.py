"""/_sandbox/: controls that exist only in the emulator (documented in docs/sandbox/lawpay.md).

Unauthenticated on purpose: the sandbox binds to localhost and these drive tests and demos.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, current_app, jsonify, request

from .errors import GatewayError, invalid
from .events import deliveries_fail_next, deliveries_list, deliveries_retry_now
from .ids import timestamp
from .merchant import REQUIRED_FIELD_CHOICES, account_get, account_serialize
from .seed import merchant_seed
from .settings import Settings
from .settlement import ach_return, capture_tick, chargeback_open
from .store import Store

control = Blueprint("lawpay_control", __name__, url_prefix="/_sandbox")


def _store() -> Store:
    return current_app.extensions["lawpay_store"]


def _settings() -> Settings:
    return current_app.extensions["lawpay_settings"]


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else request.form.to_dict()


@control.get("/health")
def health():
    _store().connection().execute("SELECT 1 FROM merchant").fetchone()
    return jsonify({"status": "ok"})


@control.post("/reset")
def reset():
    store = _store()
    with store.transaction() as conn:
        store.wipe(conn)
        merchant_seed(conn, settings=_settings())
    return jsonify({"status": "reset"})


@control.get("/credentials")
def credentials():
    """What a firm would copy from LawPay's "Show Credentials" screen, for demo setup."""
    settings = _settings()
    conn = _store().connection()
    accounts = conn.execute(
        "SELECT id, mode, kind, name, trust_account FROM accounts ORDER BY mode DESC, id"
    ).fetchall()
    base_url = settings.public_url or request.host_url.rstrip("/")
    pages = conn.execute("SELECT slug, mode FROM pages ORDER BY id").fetchall()
    return jsonify(
        {
            "public_key": settings.public_key,
            "test_secret_key": settings.secret_key,
            "live_secret_key": settings.live_secret_key,
            "accounts": [
                dict(row) | {"trust_account": bool(row["trust_account"])} for row in accounts
            ],
            "pages": [
                {
                    "mode": row["mode"],
                    "public_url": f"{base_url}/pages/{settings.merchant_slug}/{row['slug']}",
                }
                for row in pages
            ],
        }
    )


@control.post("/accounts/<account_id>/required-payment-fields")
def account_required_payment_fields(account_id: str):
    """Set the fields a payment method must carry on this account (the merchant's setting in
    LawPay's web app); a charge whose token lacks one fails with invalid_data on method.*."""
    fields = _body().get("fields", [])
    if not isinstance(fields, list) or any(f not in REQUIRED_FIELD_CHOICES for f in fields):
        raise invalid("fields", "invalid", f"fields must be a list from {REQUIRED_FIELD_CHOICES}")
    with _store().transaction() as conn:
        if account_get(conn, account_id) is None:
            raise GatewayError("resource_not_found")
        conn.execute(
            "UPDATE accounts SET required_payment_fields = ?, modified = ? WHERE id = ?",
            (json.dumps(fields), timestamp(), account_id),
        )
        updated = account_get(conn, account_id)
        if updated is None:  # not reached: the row was read above, in this transaction
            raise GatewayError("resource_not_found")
        return jsonify(account_serialize(updated))


@control.post("/capture")
def capture():
    """Run the capture/settlement tick now, for every due authorisation or just one."""
    body = _body()
    captured = capture_tick(
        _store(), settings=_settings(), force=True, transaction_id=body.get("transaction_id")
    )
    return jsonify({"captured": captured})


@control.post("/transactions/<transaction_id>/ach-return")
def transaction_ach_return(transaction_id: str):
    code = _body().get("code") or "ach_insufficient_funds"
    return jsonify(ach_return(_store(), transaction_id=transaction_id, code=code))


@control.post("/transactions/<transaction_id>/chargeback")
def transaction_chargeback(transaction_id: str):
    body = _body()
    reason = str(body.get("reason") or "fraudulent")
    charge = chargeback_open(
        _store(), transaction_id=transaction_id, amount=body.get("amount"), reason=reason
    )
    return jsonify(charge)


@control.post("/deliveries/fail")
def deliveries_fail():
    body = _body()
    url = body.get("url")
    if not url:
        raise invalid("url", "not_blank")
    try:
        count = int(body.get("count", 1))
        status_code = int(body.get("status_code", 500))
    except (TypeError, ValueError):
        raise invalid("count") from None
    if count < 0:
        raise invalid("count", "below_minimum_value")
    with _store().transaction() as conn:
        deliveries_fail_next(conn, url=url, count=count, status_code=status_code)
    return jsonify({"url": url, "count": count, "status_code": status_code})


@control.get("/deliveries")
def deliveries():
    return jsonify({"deliveries": deliveries_list(_store().connection(), args=request.args)})


@control.post("/deliveries/retry-now")
def deliveries_retry():
    with _store().transaction() as conn:
        count = deliveries_retry_now(conn)
    return jsonify({"rescheduled": count})


@control.errorhandler(GatewayError)
def control_error(error: GatewayError):
    return error.response()
