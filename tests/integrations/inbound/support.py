"""Helpers shared by the inbound, outbox and subscription tests (imported, not a conftest)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import requests
from django.db import OperationalError
from django.utils import timezone

from integrations.clio import webhooks
from integrations.clio.connection import clio_rate_limiter
from integrations.lawpay.connection import lawpay_client
from integrations.models import ClioConnection, ClioWebhook, LawPayConnection

LAWPAY_TOKEN = "t" * 43
# On SQLite the live test server shares the test thread's in-memory database connection; two
# threads in one sqlite3 connection can roll back each other's work. Requests to the live
# server and the test's own database work take turns on this lock (PostgreSQL needs none).
SERVER_LOCK = threading.RLock()
CLIO_SECRET = "s3cr3t-of-webhook-77"


@dataclass
class Enqueued:
    """Hand-offs to Celery the code under test asked for, instead of a broker."""

    events: list[int] = field(default_factory=list)
    messages: list[int] = field(default_factory=list)


def enqueue_capture(monkeypatch, *, eager: bool = False) -> Enqueued:
    from integrations.inbound import processing
    from integrations.inbound import tasks as inbound_tasks
    from integrations.outbox import relay
    from integrations.outbox import tasks as outbox_tasks

    enqueued = Enqueued()

    def event(*, event_id: int, source: str) -> None:
        enqueued.events.append(event_id)
        if eager:
            processing.inbound_event_process(event_id=event_id)

    def message(*, message_id: int, kind: str) -> None:
        enqueued.messages.append(message_id)
        if eager:
            relay.outbox_message_deliver(message_id=message_id)

    monkeypatch.setattr(inbound_tasks, "inbound_event_enqueue", event)
    monkeypatch.setattr(outbox_tasks, "outbox_message_enqueue", message)
    return enqueued


def clio_webhook_make(*, clio_id: int = 77, model: str = "activity", **extra) -> ClioWebhook:
    return ClioWebhook.objects.create(
        clio_id=clio_id,
        model=model,
        url="http://127.0.0.1:8000/webhooks/clio/",
        fields="id,etag,updated_at",
        events=["created", "updated", "deleted"],
        shared_secret=extra.pop("shared_secret", CLIO_SECRET),
        status=extra.pop("status", ClioWebhook.Status.ENABLED),
        **extra,
    )


def clio_delivery(*, record_id: int = 301, event: str = "created", webhook_id: int = 77) -> bytes:
    payload = {
        "data": {"id": record_id, "etag": '"abc"'},
        "meta": {"event": event, "webhook_id": webhook_id},
    }
    return json.dumps(payload).encode()


def clio_post(client, body: bytes, *, secret: str | None = CLIO_SECRET, **headers):
    if secret is not None:
        headers["HTTP_X_HOOK_SIGNATURE"] = webhooks.signature_compute(
            raw_body=body, shared_secret=secret
        )
    return client.post("/webhooks/clio/", data=body, content_type="application/json", **headers)


def lawpay_connection_make(*, base_url: str = "http://127.0.0.1:1", secret_key: str = "k" * 64):
    return LawPayConnection.objects.create(
        base_url=base_url, secret_key=secret_key, webhook_token=LAWPAY_TOKEN
    )


def lawpay_post(client, body: bytes | str, *, token: str = LAWPAY_TOKEN):
    return client.post(f"/webhooks/lawpay/{token}/", data=body, content_type="application/json")


def clio_connection_make(base_url: str) -> ClioConnection:
    """Remit connected to the Clio emulator with tokens from its control API."""
    response = requests.post(f"{base_url}/_sandbox/token", timeout=10)
    response.raise_for_status()
    tokens = response.json()
    clio_rate_limiter.cache_clear()
    return ClioConnection.objects.create(
        base_url=base_url,
        client_id="remit-sandbox-client",
        client_secret="remit-sandbox-secret",
        access_token=tokens["access_token"],
        refresh_token=tokens.get("refresh_token", ""),
        token_expires_at=timezone.now() + timedelta(seconds=tokens["expires_in"]),
        status=ClioConnection.Status.CONNECTED,
    )


def clio_api(base_url: str, method: str, path: str, **kwargs) -> dict:
    """The emulator's own view, read with a token of its own."""
    token = requests.post(f"{base_url}/_sandbox/token", timeout=10).json()["access_token"]
    response = requests.request(
        method,
        f"{base_url}/api/v4/{path}",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
        **kwargs,
    )
    response.raise_for_status()
    return response.json() if response.content else {}


def lawpay_sandbox_connect(base_url: str) -> LawPayConnection:
    credentials = requests.get(f"{base_url}/_sandbox/credentials", timeout=10).json()
    connection = lawpay_connection_make(base_url=base_url, secret_key=_find(credentials, "secret"))
    connection.public_key = _find(credentials, "public")
    connection.save()
    return connection


def _find(credentials: dict, word: str) -> str:
    for key, value in credentials.items():
        if word in key and "live" not in key and isinstance(value, str):
            return value
    raise AssertionError(f"no {word} key in {credentials}")


def lawpay_charge(base_url: str, *, amount: str, reference: str) -> str:
    """A card charge into the test operating account; returns the transaction id."""
    connection = LawPayConnection.objects.get()
    token = requests.post(
        f"{base_url}/v1/tokens",
        auth=(connection.public_key, ""),
        json={
            "type": "card",
            "number": "4242424242424242",
            "exp_month": 12,
            "exp_year": 2040,
            "cvv": "123",
            "name": "Pat Payer",
        },
        timeout=10,
    )
    token.raise_for_status()
    client = lawpay_client()
    account = next(
        a for a in client.merchant().accounts if a.kind == "card" and a.trust_account is False
    )
    return client.charge_create(
        amount=Decimal(amount),
        method=token.json()["id"],
        account_id=account.id,
        reference=reference,
    ).id


def wait_for(condition: Callable[[], object], timeout: float = 20.0) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with SERVER_LOCK:
                value = condition()
        except OperationalError:
            # SQLite's shared-cache test database refuses a read while the live server writes.
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


@contextmanager
def live_server_serialized(monkeypatch, *, emulator_url: str) -> Iterator[None]:
    """Every request to the live server holds ``SERVER_LOCK`` (see there). On the way out the
    emulator is reset (no more deliveries) and the server left idle, so the database flush
    after the test never meets a late request."""
    from django.core.handlers.wsgi import WSGIHandler

    original = WSGIHandler.__call__
    in_flight = [0]

    def call(self, environ, start_response):
        in_flight[0] += 1
        try:
            with SERVER_LOCK:
                return original(self, environ, start_response)
        finally:
            in_flight[0] -= 1

    monkeypatch.setattr(WSGIHandler, "__call__", call)
    try:
        yield
    finally:
        requests.post(f"{emulator_url}/_sandbox/reset", timeout=10)
        quiet_since, deadline = time.monotonic(), time.monotonic() + 15
        while time.monotonic() < deadline and time.monotonic() - quiet_since < 0.5:
            if in_flight[0]:
                quiet_since = time.monotonic()
            time.sleep(0.05)
