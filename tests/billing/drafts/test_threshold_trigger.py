from decimal import Decimal

from django.utils import timezone

from billing.models import Invoice
from billing.services.drafts import matter_billing_evaluate
from integrations.models import OutboxMessage
from tests.billing.factories import ActivityFactory, MatterFactory


def test_it_drafts_when_approved_entries_reach_the_threshold(clock, rules):
    matter = MatterFactory()
    ActivityFactory(matter=matter, hours=Decimal("1.0"), price=Decimal("300.00"))
    ActivityFactory(matter=matter, hours=Decimal("0.5"), price=Decimal("400.00"))

    invoice = matter_billing_evaluate(matter=matter, now=timezone.now())

    assert invoice.status == Invoice.Status.DRAFT
    assert invoice.trigger == Invoice.Trigger.THRESHOLD
    assert invoice.period_key == "threshold:2026-11-18"
    assert invoice.total == Decimal("500.00")
    assert invoice.number is None
    assert [line.amount for line in invoice.lines.all()] == [Decimal("300.00"), Decimal("200.00")]


def test_it_does_not_draft_below_the_threshold(clock, rules):
    matter = MatterFactory()
    ActivityFactory(matter=matter, hours=Decimal("1.0"), price=Decimal("499.99"))

    assert matter_billing_evaluate(matter=matter, now=timezone.now()) is None
    assert not Invoice.objects.exists()


def test_the_draft_is_written_to_clio_as_a_matter_note_through_the_outbox(clock, rules):
    matter = MatterFactory(clio_id=4242)
    ActivityFactory(matter=matter, hours=Decimal("2.0"), price=Decimal("300.00"))

    invoice = matter_billing_evaluate(matter=matter, now=timezone.now())

    note = OutboxMessage.objects.get(kind="clio.note.create")
    assert note.payload["clio_matter_id"] == 4242
    assert f"#{invoice.pk}" in note.payload["subject"]
    assert "$600.00" in note.payload["detail"]
    assert note.aggregate == f"invoice:{invoice.pk}"


def test_an_entry_already_on_a_live_invoice_is_not_drafted_again(clock, rules):
    matter = MatterFactory()
    ActivityFactory(matter=matter, hours=Decimal("2.0"), price=Decimal("300.00"))
    first = matter_billing_evaluate(matter=matter, now=timezone.now())

    clock.shift(86400)  # a new day: a new threshold period, but the entry is taken
    assert matter_billing_evaluate(matter=matter, now=timezone.now()) is None
    assert Invoice.objects.get() == first
