"""The sync's "matter closed" reaches billing when its transaction commits: the final draft is
made then, without waiting for the every-minute evaluation (which is never run here)."""

from decimal import Decimal

from django.utils import timezone

from billing.models import Invoice, Matter
from billing.services.drafts import matter_billing_evaluate
from integrations.clio.sync import clio_record_upsert
from tests.billing.drafts.clio_records import MATTER, clio_entry, clio_matter

ENTRY = 301


def test_the_sync_seeing_the_matter_closed_drafts_its_final_invoice(
    clock, rules, django_capture_on_commit_callbacks
):
    clio_record_upsert(model="matter", data=clio_matter())
    clio_record_upsert(model="activity", data=clio_entry(ENTRY))
    assert (
        matter_billing_evaluate(matter=Matter.objects.get(clio_id=MATTER), now=timezone.now())
        is None
    )

    with django_capture_on_commit_callbacks(execute=True):
        clio_record_upsert(
            model="matter", data=clio_matter(1, status="Closed", close_date="2026-11-18")
        )
        assert not Invoice.objects.exists()

    invoice = Invoice.objects.get()
    assert (invoice.trigger, invoice.status) == (
        Invoice.Trigger.MATTER_CLOSED,
        Invoice.Status.DRAFT,
    )
    assert (invoice.period_key, invoice.total) == ("matter_closed:2026-11-18", Decimal("300.00"))


def test_a_second_sync_of_the_closed_matter_makes_nothing_new(
    clock, rules, django_capture_on_commit_callbacks
):
    clio_record_upsert(model="matter", data=clio_matter())
    clio_record_upsert(model="activity", data=clio_entry(ENTRY))
    for version in (1, 2):
        with django_capture_on_commit_callbacks(execute=True):
            clio_record_upsert(
                model="matter",
                data=clio_matter(version, status="Closed", close_date="2026-11-18"),
            )

    assert Invoice.objects.count() == 1
