"""What people did to a matter's invoices besides approving them (a hold and its resume, a line
reworded, a rejection, a void with its reason) is on the matter's timeline, with who did it.
Entries name each invoice as it is known now (its number once approved)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from billing.services.review import (
    invoice_approve,
    invoice_hold,
    invoice_line_describe,
    invoice_reject,
    invoice_resume,
)
from billing.services.void import invoice_void
from integrations.timeline import matter_timeline
from tests.billing.factories import MatterFactory, draft_with_lines

pytestmark = pytest.mark.django_db

START = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)


def test_each_step_is_an_invoice_entry_in_order_with_who(billing_clerk):
    matter = MatterFactory(clio_id=4242)
    with time_machine.travel(START, tick=False) as clock:
        kept = draft_with_lines(matter=matter, period_key="2026-10")
        rejected = draft_with_lines(matter=matter, period_key="2026-11")
        clock.shift(timedelta(minutes=1))
        invoice_hold(invoice=kept, user=billing_clerk, reason="Client on holiday")
        clock.shift(timedelta(minutes=1))
        invoice_resume(invoice=kept, user=billing_clerk)
        clock.shift(timedelta(minutes=1))
        invoice_line_describe(
            line=kept.lines.first(), description="Motion to compel", user=billing_clerk
        )
        clock.shift(timedelta(minutes=1))
        invoice_reject(invoice=rejected, user=billing_clerk, reason="Wrong matter")
        clock.shift(timedelta(minutes=1))
        invoice_approve(invoice=kept, user=billing_clerk)
        clock.shift(timedelta(minutes=1))
        invoice_void(invoice=kept, user=billing_clerk, reason="Billed in error")

    entries = matter_timeline(user=billing_clerk, clio_id=4242, kind="invoice").entries
    kept.refresh_from_db()
    steps = [(e.title, e.detail) for e in entries if ":" in e.title]
    who = f"by {billing_clerk.username}"

    assert steps == [
        (f"Invoice {kept.number}: Put on hold", f"Client on holiday ({who})"),
        (f"Invoice {kept.number}: Resumed", who),
        (f"Invoice {kept.number}: Line reworded", steps[2][1]),
        (f"Invoice draft {rejected.pk}: Rejected", f"Wrong matter ({who})"),
        (f"Invoice {kept.number}: Voided", f"Billed in error ({who})"),
    ]
    assert steps[2][1].endswith(f"→ Motion to compel ({who})")
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    assert all(e.invoice_id in (kept.pk, rejected.pk) for e in entries)
