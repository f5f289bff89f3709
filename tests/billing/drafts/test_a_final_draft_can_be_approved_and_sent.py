"""A final draft exists because its matter closed, so "matter still open" does not block it:
it is reviewed, approved and sent like any draft. The matter's regular waiting draft stays on
hold and blocked, and a matter deleted in Clio blocks the final draft too."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from billing.models import AttentionItem, Invoice, Matter
from billing.selectors import invoice_blockers_now, invoice_queue_counts, invoices_annotated
from billing.services.delivery import invoice_deliver, invoice_delivery_start
from billing.services.draft_changes import matter_changed
from billing.services.drafts import matter_billing_evaluate
from billing.services.review import invoice_approve
from integrations.models import OutboxMessage
from tests.billing.factories import ActivityFactory, MatterFactory, matter_make_sendable


def closed_with_final_draft(matter=None) -> Invoice:
    matter = matter_make_sendable(matter or MatterFactory())
    ActivityFactory(matter=matter, hours=Decimal("0.5"))
    matter.status = Matter.Status.CLOSED
    matter.close_date = date(2026, 11, 18)
    matter.save()
    matter_changed(matter=matter)
    return Invoice.objects.get(matter=matter, trigger=Invoice.Trigger.MATTER_CLOSED)


def test_a_final_draft_is_approved_and_sent_to_the_client_of_the_closed_matter(clock, rules):
    final = closed_with_final_draft()
    assert invoice_blockers_now(invoice_id=final.pk) == []

    invoice_approve(invoice=final, user=None, now=timezone.now())
    invoice_delivery_start(invoice=final)
    result = invoice_deliver(
        invoice_id=final.pk,
        sent_to="",
        client_email=lambda clio_id: final.matter.client.primary_email,
        charges_with_reference=lambda reference: [],
        emailed=lambda address: None,
    )

    final.refresh_from_db()
    assert final.number.startswith("R-")
    assert OutboxMessage.objects.filter(kind="invoice.deliver").count() == 1
    assert result["sent_to"] == final.matter.client.primary_email
    assert final.status == Invoice.Status.SENT
    assert not AttentionItem.objects.filter(invoice=final).exists()


def test_the_regular_waiting_draft_of_the_closed_matter_stays_blocked(clock, rules):
    matter = matter_make_sendable(MatterFactory())
    ActivityFactory(matter=matter, hours=Decimal("2.0"))
    regular = matter_billing_evaluate(matter=matter, now=timezone.now())

    final = closed_with_final_draft(matter)

    regular.refresh_from_db()
    assert regular.status == Invoice.Status.ON_HOLD
    assert [b.reason for b in invoice_blockers_now(invoice_id=regular.pk)] == [
        AttentionItem.Reason.MATTER_CLOSED
    ]
    assert invoice_blockers_now(invoice_id=final.pk) == []
    counts = invoice_queue_counts(invoices=invoices_annotated(Invoice.objects.all()))
    assert (counts["count"], counts["blocked"]) == (2, 1)


def test_a_final_draft_whose_matter_is_deleted_in_clio_is_held_and_blocked(clock, rules):
    final = closed_with_final_draft()

    Matter.objects.filter(pk=final.matter_id).update(deleted_at=timezone.now())
    matter_changed(matter=final.matter)

    final.refresh_from_db()
    assert final.status == Invoice.Status.ON_HOLD
    assert [b.reason for b in invoice_blockers_now(invoice_id=final.pk)] == [
        AttentionItem.Reason.MATTER_CLOSED
    ]
