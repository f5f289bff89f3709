"""Processing a stored Clio delivery: re-fetch the record it names and upsert the mirror.

A delivery holds only the subscribed fields (clio-api.md §4 Payload) and may arrive late, twice
or out of order, so it is only a pointer: the sync re-reads the record as it is now, which makes
processing idempotent and order-free.
"""

from __future__ import annotations

import json

from django.db.models import Q
from django.utils import timezone

from integrations.clio.sync.apply import clio_record_sync
from integrations.models import ClioWebhook, InboundEvent

SYNCED_MODELS = frozenset({"matter", "contact", "activity"})


class ClioEventUnprocessable(Exception):
    """A stored delivery that can never be processed (retrying cannot help)."""

    permanent = True


def clio_event_process(*, event: InboundEvent) -> str:
    """Sync the record one delivery names; returns a note for the event log."""
    try:
        payload = json.loads(event.body)
        webhook_id = int(payload["meta"]["webhook_id"])
        name = str(payload["meta"]["event"])
        clio_id = int(payload["data"]["id"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ClioEventUnprocessable(f"not a Clio delivery: {exc}") from exc
    webhook = ClioWebhook.objects.filter(clio_id=webhook_id).first()
    if webhook is None:
        raise ClioEventUnprocessable(f"webhook {webhook_id} is not Remit's")
    if webhook.model in SYNCED_MODELS:
        clio_record_sync(model=webhook.model, clio_id=clio_id, deleted=name == "deleted")
        note = ""
    else:
        note = f"{webhook.model} records are not synced"
    ClioWebhook.objects.filter(pk=webhook.pk).filter(
        Q(last_delivery_at__isnull=True) | Q(last_delivery_at__lt=event.received_at)
    ).update(last_delivery_at=event.received_at, updated_at=timezone.now())
    return note
