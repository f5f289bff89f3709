from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils import timezone
from simple_history.models import HistoricalRecords

from billing.models import Invoice
from billing.services.drafts import matter_billing_evaluate
from billing.services.evaluation import billing_evaluate_due
from tests.billing.factories import ActivityFactory, MatterFactory

COPIED = ["live", "date", "timekeeper", "description", "hours", "rate", "amount", "write_down"]


def test_each_draft_and_line_of_a_pass_has_its_creation_recorded(clock, rules):
    for _ in range(3):
        ActivityFactory.create_batch(2, matter=MatterFactory(), hours=Decimal("1.5"))

    billing_evaluate_due(now=timezone.now())

    for invoice in Invoice.objects.all():
        (created,) = invoice.history.all()
        assert (created.history_type, created.total, created.period_key) == (
            "+",
            invoice.total,
            invoice.period_key,
        )
        assert created.history_date == timezone.now()
        for line in invoice.lines.all():
            (line_created,) = line.history.all()
            assert line_created.history_type == "+"
            assert line_created.invoice_id == invoice.pk
            assert line_created.activity_id == line.activity_id
            assert line_created.source_changed_at == line.source_changed_at
            assert [getattr(line_created, f) for f in COPIED] == [getattr(line, f) for f in COPIED]


@pytest.fixture
def request_by(billing_clerk):
    request = RequestFactory().get("/")
    request.user = billing_clerk
    HistoricalRecords.context.request = request
    yield billing_clerk
    del HistoricalRecords.context.request


def test_a_draft_made_during_a_request_names_its_user_in_the_history(clock, rules, request_by):
    matter = MatterFactory()
    ActivityFactory(matter=matter, hours=Decimal("2.0"))

    invoice = matter_billing_evaluate(matter=matter, now=timezone.now())

    assert invoice.history.get().history_user == request_by
    assert invoice.lines.get().history.get().history_user == request_by
