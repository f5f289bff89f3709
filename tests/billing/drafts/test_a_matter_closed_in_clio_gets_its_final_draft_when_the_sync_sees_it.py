"""The sync's "matter closed" reaches billing when its transaction commits: the final draft is
made then, without waiting for the every-minute evaluation (which is never run here)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from billing.models import Invoice, Matter
from billing.services.drafts import matter_billing_evaluate
from integrations.clio.sync import clio_record_upsert

MATTER, ENTRY = 1001, 301


def clio_matter(version: int = 0, **fields) -> dict:
    return {
        "id": MATTER,
        "display_number": "00001-Smith",
        "description": "Smith v. Jones",
        "status": "Open",
        "billing_method": "hourly",
        "client": None,
        **_version(version),
        **fields,
    }


def clio_entry(clio_id: int, version: int = 0, **fields) -> dict:
    return {
        "id": clio_id,
        "type": "TimeEntry",
        "date": "2026-11-16",
        "quantity": 3600,
        "rounded_quantity": 3600,
        "price": 300.0,
        "total": 300.0,
        "note": f"Work item {clio_id}",
        "non_billable": False,
        "no_charge": False,
        "on_bill": False,
        "billed": False,
        "matter": {"id": MATTER},
        "user": None,
        "bill": None,
        **_version(version),
        **fields,
    }


def _version(version: int) -> dict:
    # Edited in Clio an hour ago (stable), each later version a minute after the one before.
    moment = timezone.now() - timedelta(hours=1) + timedelta(minutes=version)
    return {"etag": f'"{version}"', "updated_at": moment.isoformat()}


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
