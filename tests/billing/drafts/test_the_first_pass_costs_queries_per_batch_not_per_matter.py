from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from billing.models import Invoice, InvoiceLine
from billing.services.evaluation import billing_evaluate_due
from integrations.models import OutboxMessage
from tests.billing.factories import ActivityFactory, MatterFactory


def _due_matters(count):
    for _ in range(count):
        ActivityFactory.create_batch(2, matter=MatterFactory(), hours=Decimal("2.0"))


def _first_pass_queries(count):
    _due_matters(count)
    with CaptureQueriesContext(connection) as captured:
        summary = billing_evaluate_due(now=timezone.now())
    assert summary.drafts_created == count
    return len(captured)


def test_the_first_pass_over_40_due_matters_costs_the_queries_of_10(clock, rules):
    with_10 = _first_pass_queries(10)
    with_40 = _first_pass_queries(40)

    assert with_40 == with_10
    assert Invoice.objects.count() == 50
    assert InvoiceLine.objects.count() == 100
    assert OutboxMessage.objects.count() == 50


def test_the_first_pass_grows_by_the_batch_count_not_the_matter_count(clock, rules, monkeypatch):
    monkeypatch.setattr("billing.services.evaluation.DRAFT_BATCH", 10)

    one_batch = _first_pass_queries(10)
    two_batches = _first_pass_queries(20)
    four_batches = _first_pass_queries(40)

    per_batch = two_batches - one_batch
    assert 0 < per_batch <= 15
    assert four_batches == one_batch + 3 * per_batch


def test_a_second_pass_with_nothing_due_writes_nothing(clock, rules):
    _due_matters(10)
    billing_evaluate_due(now=timezone.now())

    with CaptureQueriesContext(connection) as captured:
        summary = billing_evaluate_due(now=timezone.now())

    assert summary.drafts_created == 0
    assert summary.batches == 0
    assert not [q for q in captured if q["sql"].lstrip().upper().startswith("INSERT")]
