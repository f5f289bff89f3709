"""Rejected requests older than REJECTED_EVENT_RETENTION_DAYS are purged; verified ones stay."""

from datetime import timedelta

import pytest
from django.utils import timezone

from config.schedules import PERIODIC_TASKS
from integrations.inbound import tasks
from integrations.inbound.receivers import inbound_events_rejected_purge
from integrations.models import InboundEvent, Source

pytestmark = pytest.mark.django_db


def _event(*, status: str, age_days: int, key: str | None = None) -> InboundEvent:
    event = InboundEvent.objects.create(
        source=Source.LAWPAY, status=status, dedupe_key=key, body_sha256="0" * 64
    )
    InboundEvent.objects.filter(pk=event.pk).update(
        received_at=timezone.now() - timedelta(days=age_days)
    )
    return event


def test_old_rejected_rows_go_and_recent_or_verified_rows_stay(settings):
    settings.REJECTED_EVENT_RETENTION_DAYS = 30
    old_rejected = _event(status="rejected", age_days=31)
    recent_rejected = _event(status="rejected", age_days=29)
    old_processed = _event(status="processed", age_days=400, key="evt_1")
    old_dead = _event(status="dead", age_days=400, key="evt_2")

    purged = inbound_events_rejected_purge(now=timezone.now())

    assert purged == 1
    remaining = set(InboundEvent.objects.values_list("pk", flat=True))
    assert remaining == {recent_rejected.pk, old_processed.pk, old_dead.pk}
    assert old_rejected.pk not in remaining


def test_the_task_purges_and_is_scheduled_daily():
    _event(status="rejected", age_days=365)

    assert tasks.inbound_events_rejected_purge() == 1
    task, _kwargs, _queue, every, period = PERIODIC_TASKS["Rejected inbound events purge"]
    assert (task, every, period) == ("integrations.inbound_events_rejected_purge", 1, "days")
