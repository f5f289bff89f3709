"""A draft made before the matter had cleared trust funds is not left out of trust first: a
deposit that clears proposes for it after its commit, and the periodic backstop catches any
draft still without a proposal."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from billing.models import Invoice
from billing.services.drafts import matter_billing_evaluate
from tests.billing.factories import ActivityFactory, MatterFactory, matter_make_sendable
from tests.trust.factories import deposit
from trust.models import TrustApplication, TrustEntry
from trust.services.applications import trust_proposals_missing
from trust.services.deposits import (
    ProcessorTrustEvent,
    TrustEventKind,
    TrustEventStatus,
    trust_processor_event_record,
)


def _draft(matter):
    ActivityFactory(matter=matter, hours=Decimal("2.0"))  # $600
    return matter_billing_evaluate(matter=matter, now=timezone.now())


def _event(matter, status):
    return ProcessorTrustEvent(
        processor_id="tr_1",
        kind=TrustEventKind.CHARGE,
        status=status,
        account_id="trust-card",
        amount=Decimal("400.00"),
        on=date(2026, 11, 20),
        matter_id=matter.pk,
    )


def test_a_deposit_that_settles_proposes_for_the_waiting_draft(
    account, rules, django_capture_on_commit_callbacks
):
    matter = matter_make_sendable(MatterFactory())
    invoice = _draft(matter)
    assert not TrustApplication.objects.filter(invoice=invoice).exists()

    with django_capture_on_commit_callbacks(execute=True):
        trust_processor_event_record(event=_event(matter, TrustEventStatus.RECEIVED))
    assert not TrustApplication.objects.filter(invoice=invoice).exists()  # not cleared yet
    with django_capture_on_commit_callbacks(execute=True):
        trust_processor_event_record(event=_event(matter, TrustEventStatus.SETTLED))

    application = TrustApplication.objects.get(invoice=invoice)
    assert application.amount == Decimal("400.00")
    assert Invoice.objects.get(pk=invoice.pk).trust_review == Invoice.TrustReview.PENDING


def test_the_backstop_proposes_for_drafts_the_immediate_paths_missed(account, rules):
    funded, empty = (matter_make_sendable(MatterFactory()) for _ in range(2))
    waiting, unfunded = _draft(funded), _draft(empty)
    # Money arrived without any immediate path running (e.g. posted by hand, or a lost hook).
    deposit(account, funded, "250.00")
    assert TrustEntry.objects.count() == 1

    assert trust_proposals_missing() == 1
    with CaptureQueriesContext(connection) as queries:
        assert trust_proposals_missing() == 0  # idempotent
    assert len(queries) <= 3

    assert TrustApplication.objects.get(invoice=waiting).amount == Decimal("250.00")
    assert not TrustApplication.objects.filter(invoice=unfunded).exists()
