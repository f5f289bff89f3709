"""The sync's change reaches a waiting draft when its transaction commits, without waiting for
the every-minute evaluation (which is never run here)."""

from decimal import Decimal

import pytest
from django.utils import timezone

from billing.models import AttentionItem, Invoice, Matter
from billing.services.drafts import matter_billing_evaluate
from integrations.clio.sync import clio_record_sync, clio_record_upsert
from tests.billing.drafts.clio_records import MATTER, clio_entry, clio_matter

FIRST, SECOND = 301, 302


@pytest.fixture
def draft(clock, rules) -> Invoice:
    clio_record_upsert(model="matter", data=clio_matter())
    for clio_id in (FIRST, SECOND):
        clio_record_upsert(model="activity", data=clio_entry(clio_id))
    invoice = matter_billing_evaluate(matter=Matter.objects.get(clio_id=MATTER), now=timezone.now())
    assert invoice is not None
    assert invoice.total == Decimal("600.00")
    return invoice


def test_an_entry_edited_in_clio_updates_the_draft_line(draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        clio_record_upsert(
            model="activity", data=clio_entry(FIRST, 1, total=450.0, rounded_quantity=5400)
        )

    draft.refresh_from_db()
    line = draft.lines.get(activity__clio_id=FIRST)
    assert (line.amount, line.hours) == (Decimal("450.00"), Decimal("1.50"))
    assert draft.total == Decimal("750.00")


def test_an_entry_made_non_billable_in_clio_leaves_the_draft(
    draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        clio_record_upsert(model="activity", data=clio_entry(FIRST, 1, non_billable=True))

    draft.refresh_from_db()
    assert not draft.lines.get(activity__clio_id=FIRST).live
    assert draft.total == Decimal("300.00")


def test_an_entry_deleted_in_clio_leaves_the_draft(draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        clio_record_sync(model="activity", clio_id=FIRST, deleted=True)

    draft.refresh_from_db()
    assert not draft.lines.get(activity__clio_id=FIRST).live
    assert draft.total == Decimal("300.00")


def test_a_matter_closed_in_clio_puts_its_draft_on_hold(draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        clio_record_upsert(model="matter", data=clio_matter(1, status="Closed"))

    draft.refresh_from_db()
    assert draft.status == Invoice.Status.ON_HOLD
    assert AttentionItem.objects.get().reason == AttentionItem.Reason.MATTER_CLOSED


def test_the_draft_changes_only_once_the_syncs_transaction_commits(
    draft, django_capture_on_commit_callbacks
):
    # The invoice locks are taken after the mirror's row locks are released (no deadlock).
    with django_capture_on_commit_callbacks(execute=True):
        clio_record_upsert(model="activity", data=clio_entry(FIRST, 1, total=450.0))
        clio_record_upsert(model="matter", data=clio_matter(1, status="Closed"))
        draft.refresh_from_db()
        assert (draft.status, draft.total) == (Invoice.Status.DRAFT, Decimal("600.00"))

    draft.refresh_from_db()
    assert (draft.status, draft.total) == (Invoice.Status.ON_HOLD, Decimal("750.00"))
