"""The LawPay half of the reconciliation sweep: a dropped event webhook is healed here.

LawPay's events list (``GET /v1/events?start_date=…``, oldest first) is read and every event id
Remit has not stored is stored as an ``InboundEvent`` exactly as if its webhook had arrived
(``received``, deduplicated on the event id by the database); the inbound-event worker then
processes it the usual way, re-fetching the event before it counts.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from integrations.lawpay.client import LawPayClient
from integrations.lawpay.connection import lawpay_client
from integrations.models import InboundEvent, Source, SyncState

logger = logging.getLogger(__name__)

RESOURCE = "events"
SWEEP_OVERLAP = timedelta(minutes=5)
# The first sweep looks back this far; older events predate the connection.
FIRST_LOOKBACK = timedelta(days=1)


@dataclass
class LawPaySweepResult:
    seen: int = 0
    healed: int = 0


def lawpay_events_sweep_run(*, client: LawPayClient | None = None) -> LawPaySweepResult:
    """Store every LawPay event since the last sweep that no webhook delivered. Idempotent."""
    client = client or lawpay_client()
    state, _ = SyncState.objects.get_or_create(source=Source.LAWPAY, resource=RESOURCE)
    started = timezone.now()
    since = (state.sweep_since or started - FIRST_LOOKBACK) - SWEEP_OVERLAP
    result = LawPaySweepResult()
    newest = state.sweep_since or started - FIRST_LOOKBACK
    batch: dict[str, InboundEvent] = {}
    for event in client.events_list(start_date=since):
        result.seen += 1
        body = json.dumps(dict(event.raw), separators=(",", ":"), default=str)
        batch[event.id] = InboundEvent(
            source=Source.LAWPAY,
            dedupe_key=event.id,
            status=InboundEvent.Status.RECEIVED,
            headers={"x-remit-origin": "sweep"},
            body=body,
            body_sha256=hashlib.sha256(body.encode()).hexdigest(),
        )
        if event.created is not None and event.created > newest:
            newest = event.created
        if len(batch) >= 500:
            result.healed += _store_new(batch)
            batch = {}
    result.healed += _store_new(batch)
    state.last_sweep_at = timezone.now()
    state.sweep_since = newest
    state.last_sweep_healed = result.healed
    state.last_error = ""
    state.save()
    logger.info("lawpay sweep: %d events since %s, %d healed", result.seen, since, result.healed)
    return result


def _store_new(batch: dict[str, InboundEvent]) -> int:
    if not batch:
        return 0
    known = set(
        InboundEvent.objects.filter(source=Source.LAWPAY, dedupe_key__in=batch).values_list(
            "dedupe_key", flat=True
        )
    )
    new = [event for key, event in batch.items() if key not in known]
    # A webhook may store the same event between the query and the insert: the unique
    # constraint decides, and the sweep yields.
    InboundEvent.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
