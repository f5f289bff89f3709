"""One matter taken through draft → approved → sent → partial payment → paid over the
emulators, with a Clio delivery about it before and one about another matter beside it.

Remit's own steps happen at chosen moments in the past (the clock frozen); the payments happen
now, because LawPay's emulator dates a transaction by its own clock.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import time_machine
from django.utils import timezone

from billing.models import Invoice, Matter
from billing.services.review import invoice_approve
from integrations.models import ClioWebhook, InboundEvent
from tests.billing.factories import (
    ClientFactory,
    MatterFactory,
    MatterMappingFactory,
    draft_with_lines,
)
from tests.billing.sandbox_world import World, lawpay_events_process, outbox_drain

MATTER_WEBHOOK = 7001


@dataclass
class Story:
    invoice: Invoice
    drafted_at: datetime
    approved_at: datetime
    sent_at: datetime


def clio_delivery(*, matter_clio_id: int, event: str = "updated") -> InboundEvent:
    """A verified Clio delivery about a matter, stored as the receiver stores it."""
    ClioWebhook.objects.get_or_create(
        clio_id=MATTER_WEBHOOK,
        defaults={"model": "matter", "url": "http://testserver/webhooks/clio/", "fields": "id"},
    )
    body = json.dumps(
        {
            "data": {"id": matter_clio_id, "etag": "x"},
            "meta": {"event": event, "webhook_id": MATTER_WEBHOOK},
        },
        separators=(",", ":"),
    )
    return InboundEvent.objects.create(
        source="clio",
        dedupe_key=f"{MATTER_WEBHOOK}:{matter_clio_id}:{event}:{InboundEvent.objects.count()}",
        body=body,
        body_sha256="-",
        status=InboundEvent.Status.PROCESSED,
    )


def smith_draft() -> Invoice:
    """A draft of $875.00 on the emulator's matter 1001 (00001-Smith, client 2001)."""
    client = ClientFactory(clio_id=2001, name="John Smith", primary_email="john.smith@example.com")
    matter = MatterFactory(
        clio_id=1001, display_number="00001-Smith", client=client, status=Matter.Status.OPEN
    )
    MatterMappingFactory(matter=matter, reference="00001-Smith")
    return draft_with_lines(
        matter=matter,
        amounts=(Decimal("875.00"),),
        period_start=date(2026, 10, 1),
        period_end=date(2026, 10, 31),
    )


def matter_taken_to_paid(world: World, *, clerk) -> Story:
    start = timezone.now()
    drafted_at, approved_at, sent_at = (start - timedelta(hours=h) for h in (3, 2, 1))
    with time_machine.travel(drafted_at - timedelta(minutes=5), tick=False):
        clio_delivery(matter_clio_id=1001, event="created")
        clio_delivery(matter_clio_id=9999)  # someone else's matter
    with time_machine.travel(drafted_at, tick=False):
        invoice = smith_draft()
    with time_machine.travel(approved_at, tick=False):
        invoice_approve(invoice=invoice, user=clerk)
    with time_machine.travel(sent_at, tick=False):
        outbox_drain()
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.SENT, invoice.status
    reference = f"00001-Smith-{invoice.number}"
    world.pay(world.link(amount="300.00", reference=reference))
    lawpay_events_process()
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PARTIALLY_PAID, invoice.status
    world.pay(world.link(amount="575.00", reference=reference))
    lawpay_events_process()
    outbox_drain()
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID, invoice.status
    return Story(invoice, drafted_at, approved_at, sent_at)
