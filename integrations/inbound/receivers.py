"""Inbound webhooks from Clio and LawPay: verify, store, acknowledge; process later.

Persist-then-ack (PRODUCT.md §5, engineering-anchors.md §2.5): a receiver only verifies the
request, inserts it into ``InboundEvent`` (unique ``dedupe_key``, so a redelivery is a no-op)
and answers. Nothing is parsed into domain tables and nothing is called outside in the request;
a worker is asked to process the event after the commit, and the periodic sweep
(``processing.inbound_events_sweep``) picks up anything whose hand-off was lost.

Requests that fail verification are stored too, as ``rejected`` with the reason, and never
processed. Anyone can send those, so a rejected row keeps only an excerpt of the body, each
sender (address and receiver) may cause only ``WEBHOOK_REJECTED_PER_MINUTE`` of them (beyond
that: 429 and a log line, no row), and they are purged after ``REJECTED_EVENT_RETENTION_DAYS``.
Nothing is parsed before the request is authenticated where the protocol allows it (a Clio
delivery's signature is over the raw bytes), and JSON nesting is bounded, so no body can make a
receiver answer 500.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import logging
import re
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypedDict

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from limits import RateLimitItemPerMinute
from limits.strategies import MovingWindowRateLimiter

from integrations.clio import webhooks
from integrations.clio.ratelimit import limits_storage
from integrations.inbound.queue import INBOUND
from integrations.models import ClioWebhook, InboundEvent, LawPayConnection, Source

logger = logging.getLogger(__name__)

# Never stored: credentials, cookies, and anything naming a secret or token.
_UNSTORED_HEADER_PARTS = ("authorization", "cookie", "secret", "token", "api-key", "apikey")
MAX_DEDUPE_KEY = 200
DEDUPE_CONSTRAINT = "inbound_event_once"  # InboundEvent.Meta: (source, dedupe_key), unique
REJECTED_BODY_EXCERPT_BYTES = 2048
# Far deeper than any Clio or LawPay payload, far shallower than the interpreter's recursion limit.
MAX_JSON_DEPTH = 64
# A JSON string literal (valid JSON only; an unterminated one is left and fails the parse anyway).
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(rb"[^\[\]{}]+")


class Rejection(TypedDict):
    """Who sent a request, for ``inbound_event_reject`` should it be refused."""

    source: str
    headers: Mapping[str, str]
    remote_addr: str | None


@dataclass(frozen=True)
class Receipt:
    """What a receiver answers; ``event_id`` is the stored row (None for a duplicate)."""

    status: int
    outcome: str
    headers: dict[str, str] = field(default_factory=dict)
    event_id: int | None = None


def headers_storable(headers: Mapping[str, str]) -> dict[str, str]:
    return {
        name: value
        for name, value in headers.items()
        if not any(part in name.lower() for part in _UNSTORED_HEADER_PARTS)
    }


@functools.cache
def _rejection_limiter(storage_uri: str) -> MovingWindowRateLimiter:
    return MovingWindowRateLimiter(limits_storage(storage_uri))


def rejection_limiter() -> MovingWindowRateLimiter:
    """Shared by every web process with ``REDIS_URL``; per process otherwise."""
    return _rejection_limiter(settings.REDIS_URL or "memory://")


def rejection_allowed(*, source: str, remote_addr: str | None) -> bool:
    """Whether this sender may cause one more rejected row this minute."""
    per_minute = settings.WEBHOOK_REJECTED_PER_MINUTE
    if per_minute <= 0:
        return True
    item = RateLimitItemPerMinute(per_minute)
    try:
        return rejection_limiter().hit(item, "inbound-rejected", source, remote_addr or "unknown")
    except Exception:
        # Redis down: record the rejection (bounded in size anyway) rather than answer 500.
        logger.exception("rejected-request rate limiter unavailable")
        return True


def inbound_event_reject(
    *,
    source: str,
    status: int,
    reason: str,
    raw_body: bytes,
    headers: Mapping[str, str],
    remote_addr: str | None,
) -> Receipt:
    """Keep an unverifiable or unusable request for audit; it is never processed.

    Only an excerpt of the body is kept, and a sender over its rejection budget gets 429 and no
    row at all: unauthenticated requests must not be able to fill the database.
    """
    if not rejection_allowed(source=source, remote_addr=remote_addr):
        logger.warning(
            "rate-limited rejected %s webhook from %s (%s, %d bytes), not stored",
            source, remote_addr, reason, len(raw_body),
        )  # fmt: skip
        return Receipt(
            status=429, outcome="too many rejected requests", headers={"Retry-After": "60"}
        )
    InboundEvent.objects.create(
        source=source,
        dedupe_key=None,
        status=InboundEvent.Status.REJECTED,
        headers=headers_storable(headers),
        body=raw_body[:REJECTED_BODY_EXCERPT_BYTES].decode("utf-8", errors="replace"),
        body_sha256=hashlib.sha256(raw_body).hexdigest(),
        body_size=len(raw_body),
        remote_addr=remote_addr or None,
        rejection_reason=reason[:200],
    )
    logger.warning("rejected %s webhook (%s): %s", source, status, reason)
    return Receipt(status=status, outcome=reason)


def inbound_events_rejected_purge(*, now: datetime) -> int:
    """Delete rejected requests older than ``REJECTED_EVENT_RETENTION_DAYS``; verified events
    are never touched. Returns how many rows went."""
    cutoff = now - timedelta(days=settings.REJECTED_EVENT_RETENTION_DAYS)
    deleted, _ = InboundEvent.objects.filter(
        status=InboundEvent.Status.REJECTED, received_at__lt=cutoff
    ).delete()
    return deleted


def inbound_event_store(
    *,
    source: str,
    dedupe_key: str,
    raw_body: bytes,
    headers: Mapping[str, str],
    remote_addr: str | None,
    processed: bool = False,
) -> InboundEvent | None:
    """Insert a verified request once; ``None`` when it was already stored (a redelivery).

    Processing is handed to a worker after the commit; ``processed=True`` stores a row that
    needs no processing (a handshake).
    """
    now = timezone.now()
    # At the top level the INSERT is its own transaction: committed when it returns (before
    # the answer), and a refused duplicate leaves nothing to roll back, so no BEGIN, COMMIT or
    # savepoint round trips. Inside a caller's transaction a savepoint keeps that one usable.
    guard = transaction.atomic() if transaction.get_connection().in_atomic_block else nullcontext()
    try:
        with guard:
            event = InboundEvent.objects.create(
                source=source,
                dedupe_key=dedupe_key,
                status=InboundEvent.Status.PROCESSED if processed else InboundEvent.Status.RECEIVED,
                headers=headers_storable(headers),
                body=raw_body.decode("utf-8", errors="replace"),
                body_sha256=hashlib.sha256(raw_body).hexdigest(),
                body_size=len(raw_body),
                remote_addr=remote_addr or None,
                processed_at=now if processed else None,
            )
    except IntegrityError as exc:
        if _is_redelivery(exc, source=source, dedupe_key=dedupe_key):
            return None
        raise
    if not processed:
        # After the commit, robustly: a broker hiccup must not turn the ack into a 500 (the
        # sender would retry a stored event). The sweep works it later.
        INBOUND.wake(event)
    return event


def _is_redelivery(exc: IntegrityError, *, source: str, dedupe_key: str) -> bool:
    """Whether the refused INSERT hit the dedupe key: PostgreSQL names the constraint (no query
    needed); elsewhere the stored row is looked up."""
    constraint = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    if constraint is not None:
        return bool(constraint == DEDUPE_CONSTRAINT)
    return InboundEvent.objects.filter(source=source, dedupe_key=dedupe_key).exists()


def json_depth_exceeds(raw_body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether brackets outside string literals nest deeper than ``limit``.

    A scan of the bytes, so a hostile body never reaches the recursive JSON parser.
    """
    brackets = _NOT_A_BRACKET.sub(b"", _JSON_STRING.sub(b"", raw_body))
    depth = 0
    for byte in brackets:
        depth += 1 if byte in b"[{" else -1
        if depth > limit:
            return True
    return False


def _json_object(raw_body: bytes) -> dict[str, Any] | str:
    """The body as a JSON object, or why it is not one."""
    if json_depth_exceeds(raw_body):
        return f"JSON nested deeper than {MAX_JSON_DEPTH} levels"
    try:
        payload = json.loads(raw_body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        # RecursionError too: the scan above should make it unreachable, but never a 500.
        return "malformed JSON"
    return payload if isinstance(payload, dict) else "malformed JSON"


def _positive_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _too_large(reject: Rejection) -> Receipt:
    limit = settings.WEBHOOK_MAX_BODY_BYTES
    return inbound_event_reject(
        **reject, status=413, reason=f"body over {limit} bytes", raw_body=b""
    )


def _payload_or_rejection(raw_body: bytes | None, reject: Rejection) -> dict[str, Any] | Receipt:
    """The body as a JSON object, or the recorded 413 (too large) or 400 (not a JSON object)."""
    if raw_body is None:
        return _too_large(reject)
    payload = _json_object(raw_body)
    if isinstance(payload, str):
        return inbound_event_reject(**reject, status=400, reason=payload, raw_body=raw_body)
    return payload


def clio_delivery_receive(
    *, raw_body: bytes | None, headers: Mapping[str, str], remote_addr: str | None
) -> Receipt:
    """A Clio handshake or a signed delivery (clio-api.md §4); ``raw_body`` None = too large.

    A delivery's signature is checked over the raw bytes against every known webhook's secret
    before the body is parsed at all; only a handshake (which carries no signature) is parsed
    unauthenticated, and then with bounded nesting.
    """
    reject: Rejection = {"source": Source.CLIO, "headers": headers, "remote_addr": remote_addr}
    if raw_body is None:
        return _too_large(reject)
    hook_secret = webhooks.handshake_secret(headers)
    if hook_secret is not None:
        payload = _payload_or_rejection(raw_body, reject)
        if isinstance(payload, Receipt):
            return payload
        return _clio_handshake(payload=payload, hook_secret=hook_secret, raw_body=raw_body,
                               headers=headers, remote_addr=remote_addr)  # fmt: skip
    signature = webhooks.header_get(headers, webhooks.SIGNATURE_HEADER)
    if not signature:
        return inbound_event_reject(
            **reject, status=401, reason="missing X-Hook-Signature", raw_body=raw_body
        )
    # A handful of webhooks (one per model), so trying each secret costs a few HMACs.
    signers = {
        webhook.clio_id: webhook
        for webhook in ClioWebhook.objects.all()
        if webhooks.signature_is_valid(
            raw_body=raw_body, signature=signature, shared_secret=webhook.shared_secret
        )
    }
    if not signers:
        return inbound_event_reject(
            **reject, status=401, reason="bad X-Hook-Signature", raw_body=raw_body
        )
    payload = _payload_or_rejection(raw_body, reject)
    if isinstance(payload, Receipt):
        return payload
    meta = payload.get("meta")
    webhook_id = _positive_int(meta.get("webhook_id")) if isinstance(meta, dict) else None
    if webhook_id is None or webhook_id not in signers:
        return inbound_event_reject(
            **reject, status=401, reason="unknown webhook", raw_body=raw_body
        )
    # Clio deliveries carry no event id: the same body from the same webhook is the same event.
    event = inbound_event_store(
        source=Source.CLIO,
        dedupe_key=f"{webhook_id}:{webhooks.delivery_digest(raw_body)}",
        raw_body=raw_body,
        headers=headers,
        remote_addr=remote_addr,
    )
    return Receipt(status=200, outcome="stored" if event else "duplicate",
                   event_id=event.pk if event else None)  # fmt: skip


def _clio_handshake(
    *,
    payload: dict[str, Any],
    hook_secret: str,
    raw_body: bytes,
    headers: Mapping[str, str],
    remote_addr: str | None,
) -> Receipt:
    # Echo only for a webhook Remit created: confirming someone else's subscription would let
    # them point Clio deliveries of our account at us under a secret we never stored.
    data = payload.get("data")
    webhook_id = _positive_int(data.get("webhook_id")) if isinstance(data, dict) else None
    known = (
        ClioWebhook.objects.filter(clio_id=webhook_id)
        .exclude(status=ClioWebhook.Status.DELETED)
        .exists()
        if webhook_id
        else False
    )
    if webhook_id is None or not known:
        # Not 2xx: Clio retries the handshake, and by then the creating worker has stored the
        # row (or the upkeep has activated the webhook with PUT …/activate).
        return inbound_event_reject(
            source=Source.CLIO,
            status=401,
            reason="handshake for a webhook Remit has not stored (yet)",
            raw_body=raw_body,
            headers=headers,
            remote_addr=remote_addr,
        )
    event = inbound_event_store(
        source=Source.CLIO,
        dedupe_key=f"handshake:{webhook_id}:{webhooks.delivery_digest(raw_body)}",
        raw_body=raw_body,
        headers=headers,
        remote_addr=remote_addr,
        processed=True,
    )
    ClioWebhook.objects.filter(clio_id=webhook_id).update(
        status=ClioWebhook.Status.ENABLED, updated_at=timezone.now()
    )
    return Receipt(
        status=200,
        outcome="handshake",
        headers={webhooks.SECRET_HEADER: hook_secret},
        event_id=event.pk if event else None,
    )


def lawpay_delivery_receive(
    *,
    token: str,
    raw_body: bytes | None,
    headers: Mapping[str, str],
    remote_addr: str | None,
) -> Receipt:
    """An unsigned LawPay event hint (lawpay-api.md §5), authenticated by the URL's token."""
    reject: Rejection = {"source": Source.LAWPAY, "headers": headers, "remote_addr": remote_addr}
    # Only the token: the keys stay encrypted (one decryption, not three).
    expected = (
        LawPayConnection.objects.filter(singleton=True)
        .values_list("webhook_token", flat=True)
        .first()
    ) or ""
    if not expected or not hmac.compare_digest(token.encode(), expected.encode()):
        return inbound_event_reject(
            **reject, status=401, reason="wrong events URL token", raw_body=raw_body or b""
        )
    if raw_body is None:
        return _too_large(reject)
    payload = _payload_or_rejection(raw_body, reject)
    if isinstance(payload, Receipt):
        return payload
    event_id = payload.get("id")
    if not isinstance(event_id, str) or not event_id or len(event_id) > MAX_DEDUPE_KEY:
        return inbound_event_reject(
            **reject, status=400, reason="no usable event id", raw_body=raw_body
        )
    event = inbound_event_store(
        source=Source.LAWPAY,
        dedupe_key=event_id,
        raw_body=raw_body,
        headers=headers,
        remote_addr=remote_addr,
    )
    return Receipt(status=200, outcome="stored" if event else "duplicate",
                   event_id=event.pk if event else None)  # fmt: skip


# Views: read the request, call one service, answer.


def webhook_receiver(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view a provider POSTs to: no CSRF token, and none of the page middleware either
    (``integrations/inbound/middleware.py`` calls it straight away)."""
    view.webhook_receiver = True  # type: ignore[attr-defined]
    return csrf_exempt(view)


def _raw_body(request: HttpRequest) -> bytes | None:
    """The body, or ``None`` when it is over ``WEBHOOK_MAX_BODY_BYTES`` (read no further)."""
    limit = settings.WEBHOOK_MAX_BODY_BYTES
    try:
        if int(request.META.get("CONTENT_LENGTH") or 0) > limit:
            return None
        body = request.body
    except (ValueError, RequestDataTooBig):
        return None
    return None if len(body) > limit else body


def _answer(receipt: Receipt) -> HttpResponse:
    content = {"outcome": receipt.outcome}
    if receipt.status >= 400:
        content["error"] = receipt.outcome
    response = JsonResponse(content, status=receipt.status)
    for name, value in receipt.headers.items():
        response[name] = value
    # Django logs every 4xx with the path; the LawPay path holds the token (a secret).
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def _not_post() -> HttpResponse:
    response = HttpResponse(status=405, headers={"Allow": "POST"})
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


@webhook_receiver
def clio_webhook(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _not_post()
    receipt = clio_delivery_receive(
        raw_body=_raw_body(request),
        headers=request.headers,
        remote_addr=request.META.get("REMOTE_ADDR"),
    )
    return _answer(receipt)


@webhook_receiver
def lawpay_webhook(request: HttpRequest, token: str) -> HttpResponse:
    if request.method != "POST":
        return _not_post()
    receipt = lawpay_delivery_receive(
        token=token,
        raw_body=_raw_body(request),
        headers=request.headers,
        remote_addr=request.META.get("REMOTE_ADDR"),
    )
    return _answer(receipt)


@csrf_exempt
def bench_insert(request: HttpRequest) -> HttpResponse:
    """``BENCH_VIEWS`` only: one plain insert, the floor the receivers are measured against."""
    body = request.body
    InboundEvent.objects.create(
        source=Source.LAWPAY,
        status=InboundEvent.Status.REJECTED,
        body=body.decode("utf-8", errors="replace"),
        body_sha256=hashlib.sha256(body).hexdigest(),
        rejection_reason="bench",
    )
    return HttpResponse(status=200)
