from decimal import Decimal

from django.utils import timezone

import billing.services.drafts as drafts
from billing.models import Invoice, InvoiceLine
from billing.services.evaluation import billing_evaluate_due
from integrations.models import OutboxMessage
from tests.billing.factories import ActivityFactory, InvoiceFactory, MatterFactory


def test_an_entry_taken_by_another_writer_mid_batch_loses_only_its_matters_draft(
    clock, rules, monkeypatch
):
    matters = [MatterFactory() for _ in range(3)]
    entries = [ActivityFactory(matter=m, hours=Decimal("2.0")) for m in matters]
    contested = entries[1]
    read_pools = drafts.activities_approved_by_matter

    def pools_then_a_rival_draft(**kwargs):
        pools = read_pools(**kwargs)
        # Another writer puts the second matter's entry on a draft after the pools were read.
        rival = InvoiceFactory(
            matter=matters[1], period_key="manual:rival", trigger=Invoice.Trigger.MANUAL
        )
        InvoiceLine.objects.create(
            invoice=rival, activity=contested, date=contested.date, amount=contested.total
        )
        return pools

    monkeypatch.setattr(drafts, "activities_approved_by_matter", pools_then_a_rival_draft)

    summary = billing_evaluate_due(now=timezone.now())

    assert summary.drafts_created == 2
    drafted = Invoice.objects.filter(trigger=Invoice.Trigger.THRESHOLD)
    assert sorted(drafted.values_list("matter", flat=True)) == [matters[0].pk, matters[2].pk]
    for invoice in drafted:
        assert list(invoice.lines.values_list("activity", flat=True)) == [
            entries[matters.index(invoice.matter)].pk
        ]
    assert InvoiceLine.objects.filter(activity=contested, live=True).count() == 1
    assert sorted(OutboxMessage.objects.values_list("dedupe_key", flat=True)) == sorted(
        f"billing:invoice:{invoice.pk}:drafted" for invoice in drafted
    )


def test_a_period_drafted_by_another_writer_mid_batch_loses_only_that_draft(
    clock, rules, monkeypatch
):
    matters = [MatterFactory() for _ in range(3)]
    for matter in matters:
        ActivityFactory(matter=matter, hours=Decimal("2.0"))
    plan = drafts.matters_draft_plans

    def plans_then_a_rival_draft(**kwargs):
        plans = plan(**kwargs)
        first = plans[matters[0].pk]
        InvoiceFactory(matter=matters[0], period_key=first.period_key, trigger=first.trigger)
        return plans

    monkeypatch.setattr(drafts, "matters_draft_plans", plans_then_a_rival_draft)

    summary = billing_evaluate_due(now=timezone.now())

    assert summary.drafts_created == 2
    assert Invoice.objects.filter(matter=matters[0]).count() == 1
    assert not InvoiceLine.objects.filter(invoice__matter=matters[0]).exists()
    for matter in matters[1:]:
        assert matter.invoices.get().lines.count() == 1
