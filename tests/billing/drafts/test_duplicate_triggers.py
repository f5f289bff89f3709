import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from billing.models import Invoice, InvoiceLine
from billing.services.drafts import matter_billing_evaluate
from billing.tasks import matter_evaluate
from integrations.models import OutboxMessage
from tests.billing.factories import ActivityFactory, MatterFactory


def test_twenty_triggers_for_one_matter_make_one_draft(clock, rules):
    matter = MatterFactory()
    ActivityFactory.create_batch(3, matter=matter, hours=Decimal("1.0"))

    results = [matter_evaluate(matter.pk) for _ in range(20)]

    assert len([r for r in results if r]) == 1
    assert Invoice.objects.count() == 1
    assert InvoiceLine.objects.count() == 3
    assert OutboxMessage.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_triggers_for_one_matter_make_one_draft(monkeypatch):
    monkeypatch.setattr("integrations.outbox.tasks.outbox_message_enqueue", lambda **kwargs: None)
    matter = MatterFactory()
    ActivityFactory.create_batch(3, matter=matter, hours=Decimal("1.0"))
    barrier = threading.Barrier(20)
    drafted, errors = [], []

    def trigger():
        try:
            barrier.wait()
            invoice = matter_billing_evaluate(matter=matter, now=timezone.now())
            if invoice is not None:
                drafted.append(invoice.pk)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=trigger) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(drafted) == 1
    assert Invoice.objects.count() == 1
    assert InvoiceLine.objects.filter(live=True).count() == 3
    assert OutboxMessage.objects.count() == 1
