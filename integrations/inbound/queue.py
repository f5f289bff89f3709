"""Stored inbound events as a work queue (``integrations/workqueue.py``)."""

from __future__ import annotations

from django.db.models import Q

from integrations.models import InboundEvent
from integrations.workqueue import WorkQueue

Status = InboundEvent.Status

INBOUND = WorkQueue(
    model=InboundEvent,
    new=Status.RECEIVED,
    working=Status.PROCESSING,
    done=Status.PROCESSED,
    done_at="processed_at",
    order_by="received_at",
    max_attempts_setting="INBOUND_MAX_ATTEMPTS",
    describe=lambda event: f"{event.source} event {event.pk}",
    # Rejected requests have no dedupe key and are never work.
    only=Q(dedupe_key__isnull=False),
)
