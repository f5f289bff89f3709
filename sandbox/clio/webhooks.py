"""Webhook events, the X-Hook-Secret handshake and signed deliveries (reference §4).

Events are queued as rows in ``deliveries`` in the same transaction as the change that caused
them, then sent by one background thread, so a restart resumes whatever was pending.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
from typing import Any

import requests

from . import fields
from .context import Ctx
from .schema import RESOURCES, WEBHOOK_MODELS
from .store import Store

log = logging.getLogger(__name__)


def sign(secret: str, body: bytes) -> str:
    """X-Hook-Signature: HMAC-SHA256 of the raw body, hex encoded (hex is UNVERIFIED, §4)."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def is_live(webhook: dict, now: float) -> bool:
    return webhook["status"] == "enabled" and webhook["_expires_ts"] > now


def _subscribers(ctx: Ctx, model: str, event: str) -> list[dict]:
    now = ctx.now()
    return [
        w
        for w in ctx.store.all("webhooks")
        if w["model"] == model and event in w["events"] and is_live(w, now)
    ]


def _payload(ctx: Ctx, webhook: dict, resource_name: str, record: dict) -> dict:
    resource = RESOURCES[resource_name]
    spec = fields.parse_for(resource, webhook["fields"])
    return fields.render(ctx.store, resource, record, spec)


def snapshot(ctx: Ctx, resource_name: str, record: dict) -> dict[int, dict]:
    """Each subscribed webhook's view of a record before a change, to tell whether it changed."""
    model = _model_of(resource_name)
    if model is None:
        return {}
    return {
        w["id"]: _payload(ctx, w, resource_name, record)
        for w in _subscribers(ctx, model, "updated")
    }


def _model_of(resource_name: str) -> str | None:
    return next((m for m, r in WEBHOOK_MODELS.items() if r == resource_name), None)


def emit(
    ctx: Ctx,
    resource_name: str,
    event: str,
    record: dict,
    *,
    before: dict[int, dict] | None = None,
    first_update: bool = False,
) -> None:
    model = _model_of(resource_name)
    if model is None or ctx.quiet:
        return
    for webhook in _subscribers(ctx, model, event):
        data = _payload(ctx, webhook, resource_name, record)
        # ``updated`` fires only when a subscribed field changed, except for the first update
        # Clio ever sees for a record (reference §4 "Which changes trigger updated").
        unchanged = before is not None and before.get(webhook["id"]) == data
        if event == "updated" and unchanged and not first_update:
            continue
        body = json.dumps(
            {"data": data, "meta": {"event": event, "webhook_id": webhook["id"]}},
            separators=(",", ":"),
        )
        _enqueue(ctx.store, webhook, "event", event, body, ctx.now())
    ctx.wake()


def enqueue_handshake(ctx: Ctx, webhook: dict) -> None:
    # The handshake body is UNVERIFIED; S15 says it carries data.webhook_id.
    body = json.dumps({"data": {"webhook_id": webhook["id"]}}, separators=(",", ":"))
    ctx.store.execute(
        "UPDATE deliveries SET status = 'cancelled', finished_at = ? "
        "WHERE webhook_id = ? AND kind = 'handshake' AND status = 'pending'",
        (ctx.now(), webhook["id"]),
    )
    _enqueue(ctx.store, webhook, "handshake", None, body, ctx.now())
    ctx.wake()


def _enqueue(store: Store, webhook: dict, kind: str, event: str | None, body: str, now: float):
    store.execute(
        "INSERT INTO deliveries (webhook_id, kind, event, url, body, status, next_attempt_at, "
        "created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)",
        (webhook["id"], kind, event, webhook["url"], body, now, now),
    )


def delivery_as_json(row: Any) -> dict:
    return {
        "id": row["id"],
        "webhook_id": row["webhook_id"],
        "kind": row["kind"],
        "event": row["event"],
        "url": row["url"],
        "body": json.loads(row["body"]),
        "status": row["status"],
        "attempts": row["attempts"],
        "next_attempt_at": row["next_attempt_at"] if row["status"] == "pending" else None,
        "last_status_code": row["last_status_code"],
        "last_error": row["last_error"],
        "attempt_log": json.loads(row["attempt_log"]),
        "created_at": row["created_at"],
        "finished_at": row["finished_at"],
    }


class DeliveryWorker(threading.Thread):
    """Sends due deliveries one at a time; HTTP happens outside the store lock."""

    def __init__(self, store: Store, ctx_factory: Any) -> None:
        super().__init__(name="clio-sandbox-webhooks", daemon=True)
        self.store = store
        self.ctx_factory = ctx_factory
        self.settings = ctx_factory().settings
        self.stopping = threading.Event()
        self.woken = threading.Event()
        self.session = requests.Session()

    def wake(self) -> None:
        self.woken.set()

    def stop(self) -> None:
        self.stopping.set()
        self.woken.set()

    def run(self) -> None:
        # A delivery that was mid-flight when the process died is sent again.
        with self.store.transaction():
            self.store.execute("UPDATE deliveries SET status = 'pending' WHERE status = 'sending'")
        while not self.stopping.is_set():
            try:
                worked = self.run_once()
            except Exception:
                log.exception("webhook delivery loop failed")
                worked = False
            if not worked:
                self.woken.wait(0.1)
                self.woken.clear()

    def _claim(self) -> tuple[Any, dict | None] | None:
        now = time.time()
        with self.store.transaction():
            row = self.store.execute(
                "SELECT * FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ? "
                "ORDER BY next_attempt_at, id LIMIT 1",
                (now,),
            ).fetchone()
            if row is None:
                return None
            webhook = self.store.get("webhooks", row["webhook_id"])
            reason = self._skip_reason(row, webhook, now)
            if reason:
                self.store.execute(
                    "UPDATE deliveries SET status = ?, finished_at = ? WHERE id = ?",
                    (reason, now, row["id"]),
                )
                return row, None
            self.store.execute(
                "UPDATE deliveries SET status = 'sending' WHERE id = ?", (row["id"],)
            )
            return row, webhook

    @staticmethod
    def _skip_reason(row: Any, webhook: dict | None, now: float) -> str | None:
        if webhook is None:
            return "cancelled"
        if webhook["_expires_ts"] <= now:
            return "expired"
        if row["kind"] == "handshake":
            return None if webhook["status"] == "pending" else "cancelled"
        return None if webhook["status"] == "enabled" else "cancelled"

    def run_once(self) -> bool:
        claimed = self._claim()
        if claimed is None:
            return False
        row, webhook = claimed
        if webhook is None:
            return True
        body = row["body"].encode()
        headers = {"Content-Type": "application/json", "User-Agent": "Clio-Sandbox-Webhooks/1.0"}
        if row["kind"] == "handshake":
            headers["X-Hook-Secret"] = webhook["shared_secret"]
        else:
            headers["X-Hook-Signature"] = sign(webhook["shared_secret"], body)
        status_code: int | None = None
        echoed = None
        error = None
        try:
            response = self.session.post(
                row["url"],
                data=body,
                headers=headers,
                timeout=self.settings.webhook_timeout_seconds,
                allow_redirects=False,
            )
            status_code = response.status_code
            echoed = response.headers.get("X-Hook-Secret")
        except requests.RequestException as exc:
            error = f"{type(exc).__name__}: {exc}"
        self._record(row, webhook, status_code, echoed, error)
        return True

    def _record(
        self,
        row: Any,
        webhook: dict,
        status_code: int | None,
        echoed: str | None,
        error: str | None,
    ) -> None:
        now = time.time()
        schedule = self.settings.webhook_retry_schedule
        attempts = row["attempts"] + 1
        attempt_log = [
            *json.loads(row["attempt_log"]),
            {"at": now, "status_code": status_code, "error": error},
        ]
        ok = status_code is not None and 200 <= status_code < 400
        with self.store.transaction():
            current = self.store.get("webhooks", webhook["id"])
            if row["kind"] == "handshake" and ok:
                status = "delivered"
                if current and echoed == webhook["shared_secret"]:
                    self._set_status(current, "enabled", now)
            elif status_code == 410:
                # Clio treats 410 Gone as success that disables the subscription (§4).
                status = "gone"
                if current:
                    self._set_status(current, "suspended", now)
                self.store.execute(
                    "UPDATE deliveries SET status = 'cancelled', finished_at = ? "
                    "WHERE webhook_id = ? AND status = 'pending' AND id != ?",
                    (now, webhook["id"], row["id"]),
                )
            elif ok:
                status = "delivered"
            elif attempts <= len(schedule):
                status = "pending"
            else:
                status = "failed"
                # Failing repeatedly gets a webhook suspended (§4); here, one exhausted delivery.
                if current and row["kind"] == "event":
                    self._set_status(current, "suspended", now)
            next_at = (
                now + schedule[attempts - 1] if status == "pending" else row["next_attempt_at"]
            )
            self.store.execute(
                "UPDATE deliveries SET status = ?, attempts = ?, next_attempt_at = ?, "
                "last_status_code = ?, last_error = ?, attempt_log = ?, finished_at = ? "
                "WHERE id = ?",
                (
                    status,
                    attempts,
                    next_at,
                    status_code,
                    error,
                    json.dumps(attempt_log),
                    None if status == "pending" else now,
                    row["id"],
                ),
            )

    def _set_status(self, webhook: dict, status: str, now: float) -> None:
        if webhook["status"] != status:
            webhook["status"] = status
            self.store.put("webhooks", webhook, at=now)
