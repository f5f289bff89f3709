"""Tokens, charges, refunds, voids and captures (reference §3).

Each service runs in one sqlite write transaction, so a transaction's state change and its
events (and their queued deliveries) are committed together or not at all. Declines are
recorded as FAILED transactions first and raised after the commit, so they stay searchable.
"""

from __future__ import annotations

import re
import sqlite3
import time
from typing import Any

from .errors import GatewayError, invalid
from .events import event_record
from .ids import new_id, timestamp
from .merchant import account_get, account_primary, account_required_fields
from .methods import (
    authorization_code,
    details_checks,
    details_clean,
    details_decline,
    details_mask,
    details_problems,
    details_read,
)
from .settings import Settings
from .store import Store, dumps, loads
from .transactions import transaction_row, transaction_serialize

AMOUNT_MAX = 10**14 - 1
REFERENCE_MAX = 128
LIVE_STATES = ("PENDING", "AUTHORIZED", "COMPLETED")
# Validation failures are the gateway's own; the rest come back from the processor.
GATEWAY_DECLINES = {"card_number_invalid", "card_expired", "card_cvv_incorrect"}
# Documented charge fields the sandbox does not serve (docs/sandbox/lawpay.md "Not served"):
# refused rather than ignored, so nobody believes a charge was signed or scheduled.
UNSERVED_CHARGE_FIELDS = {
    "signature": "Signatures",
    "gratuity": "Gratuities",
    "recur": "Recurring charges",
}
# Field labels for a missing required payment field (UNVERIFIED wording, after [GEM]'s
# "Card number cannot be blank").
REQUIRED_LABELS = {
    "name": "Name",
    "address1": "Street address",
    "city": "City",
    "state": "State or province",
    "postal_code": "Postal code",
    "country": "Country",
    "cvv": "Card code",
}


def amount_parse(value: Any, *, context: str = "amount", required: bool = True) -> int | None:
    """Cents as a JSON integer or a string of digits (guides send strings, clients integers)."""
    if value is None or value == "":
        if required:
            raise invalid(context, "not_null", "Amount cannot be blank")
        return None
    if isinstance(value, bool):
        raise invalid(context)
    if isinstance(value, int):
        amount = value
    elif isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        amount = int(value.strip())
    else:
        raise invalid(context)
    if amount < 1:
        # Verbatim from the older charge-io/chargeio-gem spec ("fail on amount").
        raise invalid(context, "below_minimum_value", "Amount is less than the minimum value")
    if amount > AMOUNT_MAX:
        raise invalid(context, "exceeds_maximum_value", "Amount exceeds the maximum value")
    return amount


def _reference(body: dict[str, Any], field: str = "reference") -> str | None:
    value = body.get(field)
    if value is None:
        return None
    if not isinstance(value, str | int):
        raise invalid(field)
    value = str(value)
    if len(value) > REFERENCE_MAX:
        raise invalid(
            field, "invalid_length", f"{field} must be at most {REFERENCE_MAX} characters"
        )
    return value


def _data(body: dict[str, Any]) -> dict[str, Any] | None:
    value = body.get("data")
    if value is not None and not isinstance(value, dict):
        raise invalid("data")
    return value


def _flag(value: Any, *, field: str, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    # One documented example sends "auto_capture":"true" as a string.
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise invalid(field)


def _currency_same(body: dict[str, Any], charge: sqlite3.Row) -> None:
    """A capture or refund in another currency than its charge's ([GEM] transaction_spec.rb)."""
    currency = body.get("currency")
    if currency in (None, ""):
        return
    if not isinstance(currency, str) or currency.strip().upper() != charge["currency"]:
        raise GatewayError("currency_mismatch", facility="payment_processor", context="currency")


def token_create(store: Store, *, body: dict[str, Any]) -> dict[str, Any]:
    """POST /v1/tokens: accepts what the payer typed, normalised; judged only when charged."""
    details = details_read(body, normalise=True)
    token_id, created = new_id(), timestamp()
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO tokens (id, details, created, created_epoch) VALUES (?, ?, ?, ?)",
            (token_id, dumps(details), created, time.time()),
        )
    token = {"id": token_id, "created": created} | details_mask(details)
    if "cvv" in details:
        token["cvv"] = "***"
    known = {"type", "number", "exp_month", "exp_year", "cvv", "routing_number", "account_number"}
    token["form_data"] = {k: v for k, v in body.items() if k not in known and k not in token}
    return token


def _token_consume(conn: sqlite3.Connection, *, token_id: str, ttl: float) -> dict[str, Any]:
    """A token works once and only for ``ttl`` seconds; afterwards it is simply not found."""
    row = conn.execute(
        "SELECT * FROM tokens WHERE id = ? AND used = 0 AND created_epoch >= ?",
        (token_id, time.time() - ttl),
    ).fetchone()
    if row is None:
        raise GatewayError("resource_not_found", "Payment method not found", context="method")
    conn.execute("UPDATE tokens SET used = 1 WHERE id = ?", (token_id,))
    return loads(row["details"])


def _account_choose(
    conn: sqlite3.Connection, *, account_id: Any, mode: str, kind: str
) -> sqlite3.Row:
    if account_id in (None, ""):
        # Omitted: the primary account for the method type (reference §2).
        account = account_primary(conn, mode=mode, kind=kind)
        if account is None:
            raise GatewayError("no_account_for_payment_method", context="account_id")
        return account
    account = account_get(conn, str(account_id))
    if account is None:
        raise GatewayError("no_account_for_payment_method", context="account_id")
    if account["mode"] != mode:
        account_type = "TEST" if account["mode"] == "TEST" else "TSYS"
        raise GatewayError(
            "unavailable_for_merchant_mode",
            f"Mode {mode} not supported for account of type {account_type}",
            context="account_id",
        )
    if account["kind"] != kind:
        raise GatewayError("incorrect_payment_type", context="account_id")
    if account["status"] != "ACTIVE":
        raise GatewayError("account_not_active", context="account_id")
    return account


def _transaction_insert(conn: sqlite3.Connection, **fields: Any) -> sqlite3.Row:
    now = timestamp()
    fields = {"id": new_id(), "created": now, "modified": now, **fields}
    columns = ", ".join(fields)
    marks = ", ".join("?" for _ in fields)
    conn.execute(
        f"INSERT INTO transactions ({columns}) VALUES ({marks})",  # noqa: S608 - our own keys
        tuple(fields.values()),
    )
    return conn.execute("SELECT * FROM transactions WHERE id = ?", (fields["id"],)).fetchone()


def transaction_update(conn: sqlite3.Connection, row: sqlite3.Row, **fields: Any) -> sqlite3.Row:
    fields["modified"] = timestamp()
    assignments = ", ".join(f"{key} = ?" for key in fields)
    conn.execute(
        f"UPDATE transactions SET {assignments} WHERE id = ?",  # noqa: S608 - our own keys
        (*fields.values(), row["id"]),
    )
    return conn.execute("SELECT * FROM transactions WHERE id = ?", (row["id"],)).fetchone()


def charge_create(store: Store, *, mode: str, body: Any, settings: Settings) -> dict[str, Any]:
    """POST /v1/charges. Returns the AUTHORIZED charge or raises the decline as GatewayError."""
    if not isinstance(body, dict) or not body:
        raise GatewayError("no_content")
    amount = amount_parse(body.get("amount"))
    currency = str(body.get("currency") or "USD").upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise invalid("currency")
    if currency != "USD":
        message = "Currency does not match the account's currency"
        raise GatewayError("currency_mismatch", message, context="currency")
    reference, data = _reference(body), _data(body)
    for field, feature in UNSERVED_CHARGE_FIELDS.items():
        if body.get(field) is not None:
            raise GatewayError(
                "unavailable_for_merchant_policy",
                f"{feature} are not available in the LawPay sandbox",
                context=field,
            )
    auto_capture = _flag(body.get("auto_capture"), field="auto_capture", default=True)
    method = body.get("method")
    if method in (None, "", {}):
        raise GatewayError("no_payment_method", context="method")
    if not isinstance(method, str | dict):
        raise invalid("method")
    inline = details_clean(method, prefix="method.") if isinstance(method, dict) else None

    decline = None
    with store.transaction() as conn:
        kind = inline["type"] if inline else None
        if kind is None:
            # The token's type picks the default account, so peek before consuming it.
            peek = conn.execute("SELECT details FROM tokens WHERE id = ?", (method,)).fetchone()
            kind = loads(peek["details"])["type"] if peek else "card"
        account = _account_choose(conn, account_id=body.get("account_id"), mode=mode, kind=kind)
        # Inline details are never empty, so without them ``method`` is a token id.
        details = inline or _token_consume(conn, token_id=str(method), ttl=settings.token_ttl)
        # A token is judged only now (its data was accepted as typed, [GEM] token_spec.rb),
        # and may lack fields the account requires (reference §8.3): 422 invalid_data on
        # method.<field>, nothing recorded, the token left unspent (rolled back).
        problems = [] if inline else details_problems(details)
        for field in account_required_fields(account):
            if not details.get(field) and not any(p.context == f"method.{field}" for p in problems):
                label = REQUIRED_LABELS.get(field, field)
                problems.append(invalid(f"method.{field}", "not_blank", f"{label} cannot be blank"))
        if problems:
            raise GatewayError.several(problems)
        if not auto_capture and details["type"] != "card":
            raise GatewayError(
                "unavailable_for_merchant_policy",
                "Authorization-only charges are available for cards only",
                context="auto_capture",
            )
        row = _transaction_insert(
            conn,
            mode=mode,
            type="CHARGE",
            account_id=account["id"],
            status="PENDING",
            amount=amount,
            currency=currency,
            auto_capture=auto_capture,
            method=dumps(details_mask(details)),
            reference=reference,
            data=dumps(data),
        )
        event_record(conn, transaction=row, type="transaction.created")
        decline = details_decline(details)
        if decline:
            row = transaction_update(conn, row, status="FAILED", failure_code=decline)
            event_record(conn, transaction=row, type="transaction.failed")
        else:
            cvv_result, avs_result = details_checks(details)
            row = transaction_update(
                conn,
                row,
                status="AUTHORIZED",
                authorization_code=authorization_code(),
                cvv_result=cvv_result,
                avs_result=avs_result,
                authorized_epoch=time.time(),
            )
            event_record(conn, transaction=row, type="transaction.authorized")
        charge = transaction_serialize(conn, row)
    if decline:
        facility = "gateway" if decline in GATEWAY_DECLINES else "payment_processor"
        # ach_processing_error (a 500) names the failed charge like the other declines.
        raise GatewayError(decline, facility=facility, entity_id=charge["id"])
    return charge


def _charge_row(conn: sqlite3.Connection, *, charge_id: str, mode: str) -> sqlite3.Row:
    row = transaction_row(conn, transaction_id=charge_id, mode=mode)
    if row["type"] != "CHARGE":
        raise GatewayError("resource_not_found")
    return row


def charge_refund(store: Store, *, mode: str, charge_id: str, body: dict[str, Any]) -> dict:
    """POST /v1/charges/{id}/refund: partial refunds up to what remains of the charge."""
    amount = amount_parse(body.get("amount"), required=False)
    reference, data = _reference(body), _data(body)
    with store.transaction() as conn:
        charge = _charge_row(conn, charge_id=charge_id, mode=mode)
        _currency_same(body, charge)
        captured = charge["status"] == "COMPLETED"
        if not (captured or (charge["status"] == "AUTHORIZED" and charge["auto_capture"])):
            raise GatewayError("not_valid_for_transaction_status")
        remaining = charge["amount"] - charge["amount_refunded"]
        amount = remaining if amount is None else amount
        if amount > remaining or amount < 1:
            raise GatewayError("refund_exceeds_transaction", facility="payment_processor")
        method = loads(charge["method"])
        refund = _transaction_insert(
            conn,
            mode=mode,
            type="REFUND",
            account_id=charge["account_id"],
            status="PENDING",
            amount=amount,
            currency=charge["currency"],
            auto_capture=True,
            method=charge["method"],
            reference=reference,
            data=dumps(data),
            charge_id=charge["id"],
        )
        event_record(conn, transaction=refund, type="transaction.created")
        if method["type"] == "bank" and not captured:
            # ACH refunds wait for the charge to settle (reference §3 Refund).
            event_record(conn, transaction=refund, type="transaction.pending_parent_settlement")
        elif captured and not charge["auto_capture"]:
            refund = transaction_update(conn, refund, status="COMPLETED")
            event_record(conn, transaction=refund, type="transaction.completed")
        else:
            refund = transaction_update(
                conn,
                refund,
                status="AUTHORIZED",
                authorization_code=authorization_code(),
                authorized_epoch=time.time(),
            )
            event_record(conn, transaction=refund, type="transaction.authorized")
        charge = transaction_update(
            conn, charge, amount_refunded=charge["amount_refunded"] + amount
        )
        event_record(conn, transaction=charge, type="transaction.updated")
        return transaction_serialize(conn, refund)


def transaction_void(
    store: Store, *, mode: str, transaction_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    """POST /v1/transactions/{id}/void: only while uncaptured, and never under live refunds."""
    reference = _reference(body)
    with store.transaction() as conn:
        row = transaction_row(conn, transaction_id=transaction_id, mode=mode)
        if row["status"] not in ("PENDING", "AUTHORIZED"):
            raise GatewayError("not_valid_for_transaction_status")
        if row["type"] == "CHARGE":
            live_refunds = conn.execute(
                "SELECT count(*) FROM transactions WHERE charge_id = ? AND status IN (?, ?, ?)",
                (row["id"], *LIVE_STATES),
            ).fetchone()[0]
            if live_refunds:
                raise GatewayError("not_valid_for_transaction_status")
        row = transaction_update(conn, row, status="VOIDED", void_reference=reference)
        event_record(conn, transaction=row, type="transaction.voided")
        if row["type"] == "REFUND":
            refund_release(conn, refund=row)
        return transaction_serialize(conn, row)


def refund_release(conn: sqlite3.Connection, *, refund: sqlite3.Row) -> None:
    """A voided or failed refund no longer counts against its charge's refundable amount."""
    charge = conn.execute(
        "SELECT * FROM transactions WHERE id = ?", (refund["charge_id"],)
    ).fetchone()
    charge = transaction_update(
        conn, charge, amount_refunded=charge["amount_refunded"] - refund["amount"]
    )
    event_record(conn, transaction=charge, type="transaction.updated")


def charge_capture(
    store: Store, *, mode: str, charge_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    """POST /v1/charges/{id}/capture: cards only, at most the authorised amount."""
    amount = amount_parse(body.get("amount"), required=False)
    reference = _reference(body)
    capture_time = str(body.get("capture_time") or "IMMEDIATE").upper()
    if capture_time not in ("IMMEDIATE", "NEXT_AUTO_CAPTURE"):
        raise invalid("capture_time")
    with store.transaction() as conn:
        charge = _charge_row(conn, charge_id=charge_id, mode=mode)
        _currency_same(body, charge)
        if loads(charge["method"])["type"] != "card":
            raise GatewayError("incorrect_payment_type")
        if charge["status"] != "AUTHORIZED":
            raise GatewayError("not_valid_for_transaction_status")
        amount = charge["amount"] if amount is None else amount
        if amount > charge["amount"]:
            raise GatewayError("exceeds_authorized_amount", facility="payment_processor")
        if amount < charge["amount_refunded"]:
            raise invalid("amount", "below_minimum_value")
        if capture_time == "IMMEDIATE":
            charge = transaction_update(
                conn, charge, status="COMPLETED", amount=amount, capture_reference=reference
            )
            event_record(conn, transaction=charge, type="transaction.completed")
        else:
            charge = transaction_update(
                conn, charge, auto_capture=True, amount=amount, capture_reference=reference
            )
            event_record(conn, transaction=charge, type="transaction.updated")
        return transaction_serialize(conn, charge)
