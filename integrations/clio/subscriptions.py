"""Remit's Clio webhooks: create, confirm, renew and recreate them (clio-api.md §4).

Remit holds one enabled webhook per synced model (matter, contact, activity), pointing at
``REMIT_PUBLIC_URL`` + ``/webhooks/clio/``. ``clio_webhooks_ensure`` is safe to run at any time
and any number of times (the hourly upkeep task runs it):

* none yet, or Clio lost it (404), or it is suspended or expired → create a new one (the old one
  is deleted at Clio, best effort, and kept locally as ``deleted`` for the event log);
* still ``pending`` → ``PUT /webhooks/{id}/activate`` with its secret: the receiver echoes the
  handshake, but the handshake can reach Remit before the creating worker stored the row;
* fewer than ``RENEW_WITHIN`` left before ``expires_at`` → PATCH a new ``expires_at``.

Clio sends only the subscribed fields and the sync re-fetches the record anyway, so the
subscription asks for the minimum.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from integrations.clio.client import ClioClient
from integrations.clio.connection import NotConnected, clio_client
from integrations.clio.errors import NotFound
from integrations.models import ClioWebhook

logger = logging.getLogger(__name__)

WEBHOOK_FIELDS = "id,etag,updated_at"
BASIC_EVENTS = ["created", "updated", "deleted"]
WEBHOOK_EVENTS = {
    "matter": [*BASIC_EVENTS, "matter_opened", "matter_pended", "matter_closed"],
    "contact": BASIC_EVENTS,
    "activity": BASIC_EVENTS,
}
# Clio allows at most 31 days (§4 Expiry); renewing a week ahead leaves room for outages.
LIFETIME = timedelta(days=28)
RENEW_WITHIN = timedelta(days=7)
_READ_FIELDS = ["id", "status", "expires_at", "url", "model"]
_CREATE_FIELDS = ["id", "status", "expires_at", "url", "model", "shared_secret", "fields", "events"]


@dataclass
class UpkeepReport:
    created: list[str] = field(default_factory=list)
    activated: list[str] = field(default_factory=list)
    renewed: list[str] = field(default_factory=list)
    recreated: list[str] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    skipped: str = ""


def clio_webhook_url() -> str:
    return settings.REMIT_PUBLIC_URL.rstrip("/") + reverse("webhooks-clio")


def _expiry(value: Any) -> datetime | None:
    try:
        return parse_datetime(value) if isinstance(value, str) else None
    except ValueError:
        return None


def clio_webhook_create(*, client: ClioClient, model: str, url: str, now: datetime) -> ClioWebhook:
    remote = client.create(
        "webhooks.json",
        data={
            "url": url,
            "model": model,
            "fields": WEBHOOK_FIELDS,
            "events": WEBHOOK_EVENTS[model],
            "expires_at": (now + LIFETIME).isoformat(timespec="seconds"),
        },
        fields=_CREATE_FIELDS,
    ).data
    webhook = ClioWebhook.objects.create(
        clio_id=int(remote["id"]),
        model=model,
        url=url,
        fields=WEBHOOK_FIELDS,
        events=list(WEBHOOK_EVENTS[model]),
        shared_secret=str(remote["shared_secret"]),
        status=ClioWebhook.Status.PENDING,
        expires_at=_expiry(remote.get("expires_at")),
    )
    logger.info("clio: created %s webhook %s", model, webhook.clio_id)
    return webhook


def _live(model: str):
    return (
        ClioWebhook.objects.filter(model=model)
        .exclude(status=ClioWebhook.Status.DELETED)
        .order_by("-created_at", "-pk")
    )


def clio_webhook_retire(*, client: ClioClient, webhook: ClioWebhook) -> None:
    """Delete a subscription at Clio (if still there) and mark it ``deleted`` here.

    The row and its secret stay: deliveries it signed may still be on their way.
    """
    with contextlib.suppress(NotFound):
        client.delete(f"webhooks/{webhook.clio_id}.json")
    ClioWebhook.objects.filter(pk=webhook.pk).update(
        status=ClioWebhook.Status.DELETED, updated_at=timezone.now()
    )


def clio_webhook_upkeep(
    *, client: ClioClient, model: str, url: str, now: datetime, report: UpkeepReport
) -> ClioWebhook:
    """Bring one model's subscription to ``enabled`` with a distant expiry; see the module doc."""
    for _attempt in range(2):
        # Older subscriptions (another URL, or a second one left by two concurrent runs) go.
        current, *older = [w for w in _live(model) if w.url == url] or [None]
        for stale in [*older, *_live(model).exclude(url=url)]:
            clio_webhook_retire(client=client, webhook=stale)
        if current is None:
            report.created.append(model)
            current = clio_webhook_create(client=client, model=model, url=url, now=now)
        try:
            remote = client.get(f"webhooks/{current.clio_id}.json", fields=_READ_FIELDS).data
        except NotFound:
            remote = None
        expires_at = _expiry(remote.get("expires_at")) if remote else None
        if (
            remote is None
            or remote.get("status") == "suspended"
            or (expires_at is not None and expires_at <= now)
        ):
            clio_webhook_retire(client=client, webhook=current)
            report.recreated.append(model)
            continue
        return _confirm_and_renew(
            client=client, webhook=current, remote=remote, now=now, report=report
        )
    raise RuntimeError(f"Clio keeps refusing Remit's {model} webhook")


def _confirm_and_renew(
    *,
    client: ClioClient,
    webhook: ClioWebhook,
    remote: dict[str, Any],
    now: datetime,
    report: UpkeepReport,
) -> ClioWebhook:
    status = remote.get("status") or ClioWebhook.Status.PENDING
    expires_at = _expiry(remote.get("expires_at"))
    if status == "pending":
        client.webhook_activate(webhook_id=webhook.clio_id, hook_secret=webhook.shared_secret)
        report.activated.append(webhook.model)
        status = ClioWebhook.Status.ENABLED
    if expires_at is None or expires_at - now < RENEW_WITHIN:
        renewed = client.patch(
            f"webhooks/{webhook.clio_id}.json",
            data={"expires_at": (now + LIFETIME).isoformat(timespec="seconds")},
            fields=_READ_FIELDS,
        ).data
        expires_at = _expiry(renewed.get("expires_at"))
        report.renewed.append(webhook.model)
    ClioWebhook.objects.filter(pk=webhook.pk).update(
        status=status, expires_at=expires_at, updated_at=timezone.now()
    )
    webhook.refresh_from_db()
    return webhook


def clio_webhooks_ensure(*, client: ClioClient | None = None) -> UpkeepReport:
    """Keep Remit's matter, contact and activity webhooks alive (the hourly upkeep).

    Runs outside any transaction: the receiver must see a new row as soon as it exists. Two
    concurrent runs may each create a subscription; the next run retires the extra one.
    """
    report = UpkeepReport()
    try:
        client = client or clio_client()
    except NotConnected:
        report.skipped = "Clio is not connected"
        return report
    url = clio_webhook_url()
    now = timezone.now()
    for model in WEBHOOK_EVENTS:
        clio_webhook_upkeep(client=client, model=model, url=url, now=now, report=report)
    report.removed = _strays_remove(client=client, url=url)
    return report


def _strays_remove(*, client: ClioClient, url: str) -> list[int]:
    """Delete webhooks at Clio that point at Remit but that Remit no longer keeps."""
    ours = set(
        ClioWebhook.objects.exclude(status=ClioWebhook.Status.DELETED).values_list(
            "clio_id", flat=True
        )
    )
    removed = []
    for remote in client.list("webhooks.json", fields=["id", "url"]):
        if remote.get("url") == url and int(remote["id"]) not in ours:
            try:
                client.delete(f"webhooks/{remote['id']}.json")
            except NotFound:
                continue
            removed.append(int(remote["id"]))
    return removed
