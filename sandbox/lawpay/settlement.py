"""What happens after authorisation: the capture tick, ACH returns and chargebacks.

The real gateway captures auto-capture authorisations once a day (reference §3 Statuses); the
sandbox captures each one ``LAWPAY_SANDBOX_CAPTURE_DELAY`` seconds after it was authorised,
and ``POST /_sandbox/capture`` runs the tick at once.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from typing import Any

from .charges import amount_parse, refund_release, transaction_update
from .errors import GatewayError, invalid
from .events import event_record
from .ids import timestamp
from .settings import Settings
from .store import Store, dumps, loads
from .transactions import transaction_serialize

log = logging.getLogger(__name__)

ACH_RETURN_CODES = (
    "ach_insufficient_funds",
    "ach_authorization_revoked",
    "ach_not_authorized",
    "ach_payment_refused",
    "ach_payment_stopped",
    "ach_account_closed",
    "ach_account_frozen",
    "ach_account_not_found",
    "ach_invalid_account_number",
)


def _pending_refunds(conn: sqlite3.Connection, charge: sqlite3.Row) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT * FROM transactions WHERE charge_id = ? AND status = 'PENDING' ORDER BY seq",
        (charge["id"],),
    ).fetchall()


def capture_tick(
    store: Store, *, settings: Settings, force: bool = False, transaction_id: str | None = None
) -> list[str]:
    """Complete due AUTHORIZED auto-capture transactions; release ACH refunds they held back."""
    cutoff = time.time() if force else time.time() - settings.capture_delay
    sql = (
        "SELECT * FROM transactions WHERE status = 'AUTHORIZED' AND auto_capture = 1"
        " AND authorized_epoch <= ?"
    )
    params: list[Any] = [cutoff]
    if transaction_id:
        sql += " AND id = ?"
        params.append(transaction_id)
    captured = []
    with store.transaction() as conn:
        for row in conn.execute(sql + " ORDER BY seq", params).fetchall():
            row = transaction_update(conn, row, status="COMPLETED")
            event_record(conn, transaction=row, type="transaction.completed")
            captured.append(row["id"])
            for refund in _pending_refunds(conn, row):
                refund = transaction_update(
                    conn, refund, status="AUTHORIZED", authorized_epoch=time.time()
                )
                event_record(conn, transaction=refund, type="transaction.authorized")
    return captured


def capture_worker(store: Store, *, settings: Settings, stop: threading.Event) -> None:
    while not stop.wait(min(1.0, max(settings.capture_delay, 0.05))):
        try:
            capture_tick(store, settings=settings)
        except Exception:
            log.exception("capture tick failed")


def ach_return(store: Store, *, transaction_id: str, code: str) -> dict[str, Any]:
    """The bank returned an ACH charge: it fails with ``code``, and refunds waiting on it fail."""
    if code not in ACH_RETURN_CODES:
        raise invalid("code", message=f"code must be one of {', '.join(ACH_RETURN_CODES)}")
    with store.transaction() as conn:
        charge = _charge(conn, transaction_id)
        if loads(charge["method"])["type"] != "bank":
            raise GatewayError("incorrect_payment_type", "Only eCheck charges can be returned")
        if charge["status"] not in ("AUTHORIZED", "COMPLETED"):
            raise GatewayError("not_valid_for_transaction_status")
        for refund in _pending_refunds(conn, charge):
            refund = transaction_update(
                conn,
                refund,
                status="FAILED",
                failure_code="ach_deferred_refund_rejected_charge_failed",
            )
            event_record(conn, transaction=refund, type="transaction.failed")
            refund_release(conn, refund=refund)
        fresh = conn.execute("SELECT * FROM transactions WHERE id = ?", (charge["id"],)).fetchone()
        charge = transaction_update(conn, fresh, status="FAILED", failure_code=code)
        event_record(conn, transaction=charge, type="transaction.failed")
        return transaction_serialize(conn, charge)


def chargeback_open(
    store: Store, *, transaction_id: str, amount: Any, reason: str
) -> dict[str, Any]:
    """UNVERIFIED, invented shape: no chargeback event or field is documented, so the charge
    gains a ``chargeback`` object and a ``transaction.updated`` event announces it."""
    with store.transaction() as conn:
        charge = _charge(conn, transaction_id)
        if charge["status"] not in ("AUTHORIZED", "COMPLETED"):
            raise GatewayError("not_valid_for_transaction_status")
        disputed = amount_parse(amount, required=False) or charge["amount"]
        if disputed > charge["amount"]:
            raise invalid("amount", "exceeds_maximum_value")
        chargeback = {"amount": disputed, "reason": reason, "created": timestamp()}
        charge = transaction_update(conn, charge, chargeback=dumps(chargeback))
        event_record(conn, transaction=charge, type="transaction.updated")
        return transaction_serialize(conn, charge)


def _charge(conn: sqlite3.Connection, transaction_id: str) -> sqlite3.Row:
    row = conn.execute(
        "SELECT * FROM transactions WHERE id = ? AND type = 'CHARGE'", (transaction_id,)
    ).fetchone()
    if row is None:
        raise GatewayError("resource_not_found")
    return row
