"""Webhook subscriptions: https URLs (http to local receivers), models, events, expiry."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from .. import fields as fields_module
from ..context import Ctx
from ..errors import argument_error
from ..schema import BASE_EVENTS, MATTER_EVENTS, RESOURCES, WEBHOOK_MODEL_IDS, WEBHOOK_MODELS
from .common import required, timestamp_of

WEBHOOK_DEFAULT_LIFETIME = timedelta(days=3)
WEBHOOK_MAX_LIFETIME = timedelta(days=31)


def _webhook_url(ctx: Ctx, url: Any) -> str:
    parts = urlsplit(str(url or ""))
    if parts.scheme == "https" and parts.hostname:
        return str(url)
    # The real service takes https only; plain http is allowed to local receivers for testing.
    if parts.scheme == "http" and parts.hostname in ctx.settings.webhook_http_hosts:
        return str(url)
    raise argument_error("url must be a valid https URL")


def _webhook_model(raw: Any) -> str:
    if isinstance(raw, int) or (isinstance(raw, str) and raw.isdigit()):
        model = WEBHOOK_MODEL_IDS.get(int(raw))
    else:
        model = raw if raw in WEBHOOK_MODELS else None
    if model is None:
        raise argument_error("model must be one of " + ", ".join(WEBHOOK_MODELS))
    return model


def _webhook_events(model: str, raw: Any) -> list[str]:
    allowed = list(BASE_EVENTS) + (list(MATTER_EVENTS) if model == "matter" else [])
    if model == "clio_payments_payment":
        allowed = ["created", "updated"]
    if raw in (None, [], ""):
        return allowed
    events = raw.split(",") if isinstance(raw, str) else list(raw)
    for event in events:
        if event not in allowed:
            raise argument_error(
                f"{event} is not a valid event for {model}; use " + ", ".join(allowed)
            )
    return events


def _webhook_expiry(ctx: Ctx, body: dict) -> tuple[float, str]:
    now = datetime.fromtimestamp(ctx.now(), UTC)
    expires_at = timestamp_of(body, "expires_at")
    if expires_at is None:
        expires = now + WEBHOOK_DEFAULT_LIFETIME
    else:
        expires = datetime.fromisoformat(expires_at)
        if expires <= now:
            raise argument_error("expires_at must be in the future")
        if expires > now + WEBHOOK_MAX_LIFETIME:
            raise argument_error("expires_at must be no more than 31 days from now")
    return expires.timestamp(), expires.isoformat(timespec="seconds")


def webhook_write(ctx: Ctx, record: dict, body: dict, *, creating: bool) -> list[str]:
    if creating:
        required(body, "url", "model", "fields")
        record.update(status="pending", user=ctx.user_id, shared_secret=secrets.token_hex(32))
        record["model"] = _webhook_model(body["model"])
        record["_expires_ts"], record["expires_at"] = _webhook_expiry(ctx, body)
    elif "expires_at" in body:
        record["_expires_ts"], record["expires_at"] = _webhook_expiry(ctx, body)
    if "url" in body:
        url = _webhook_url(ctx, body["url"])
        if url != record.get("url"):
            record["url"] = url
            record["status"] = "pending"
            record["_needs_handshake"] = True
    if "fields" in body or creating:
        text = str(body.get("fields") or record.get("fields") or "")
        if len(text) > 1000:
            raise argument_error("fields must be at most 1000 characters")
        resource_name = WEBHOOK_MODELS[record["model"]]
        if resource_name:
            fields_module.parse_for(RESOURCES[resource_name], text)
        record["fields"] = text
    if "events" in body or creating:
        record["events"] = _webhook_events(record["model"], body.get("events"))
    return []
