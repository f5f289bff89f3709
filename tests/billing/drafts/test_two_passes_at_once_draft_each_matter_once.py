import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from billing.models import Invoice, InvoiceLine
from billing.services.drafts import matter_billing_evaluate
from billing.services.evaluation import billing_evaluate_due
from integrations.models import OutboxMessage
from tests.billing.factories import ActivityFactory, MatterFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_passes_and_single_triggers_at_once_draft_each_matter_once(monkeypatch):
    monkeypatch.setattr("integrations.outbox.tasks.outbox_message_enqueue", lambda **kwargs: None)
    # Several batches each, so the two passes' locks overlap batch after batch.
    monkeypatch.setattr("billing.services.evaluation.DRAFT_BATCH", 7)
    matters = [MatterFactory() for _ in range(30)]
    for matter in matters:
        ActivityFactory.create_batch(2, matter=matter, hours=Decimal("1.0"))
    barrier = threading.Barrier(6)
    drafted, errors = [], []

    def run(work):
        try:
            barrier.wait()
            drafted.append(work())
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    def a_pass():
        return billing_evaluate_due(now=timezone.now()).drafts_created

    def single(matter):
        return lambda: int(matter_billing_evaluate(matter=matter, now=timezone.now()) is not None)

    works = [a_pass, a_pass] + [single(matters[i]) for i in (0, 7, 15, 29)]
    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(drafted) == 30
    assert sorted(Invoice.objects.values_list("matter", flat=True)) == [m.pk for m in matters]
    assert InvoiceLine.objects.filter(live=True).count() == 60
    assert OutboxMessage.objects.count() == 30
