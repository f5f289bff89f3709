from decimal import Decimal

import pytest
from django.utils import timezone

from billing.models import AttentionItem, Invoice, Matter
from billing.services.drafts import matter_billing_evaluate
from billing.services.rules import billing_rules_update
from tests.billing.factories import ActivityFactory, MatterFactory


@pytest.fixture
def flat_rules(db):
    return billing_rules_update(
        changes={"billing_methods": ["hourly", "flat"], "flat_fee_trigger_stage": "Settled"}
    )


def flat_matter(*, stage: str, fee: str | None = "2500") -> Matter:
    fields = [{"id": 1, "field_name": "Flat fee", "value": fee}] if fee is not None else []
    return MatterFactory(
        billing_method=Matter.BillingMethod.FLAT, matter_stage=stage, custom_field_values=fields
    )


def test_a_flat_fee_matter_drafts_the_flat_amount_at_the_configured_stage(clock, flat_rules):
    matter = flat_matter(stage="Settled")
    ActivityFactory(matter=matter, hours=Decimal("9.0"))  # time on a flat fee is not billed

    invoice = matter_billing_evaluate(matter=matter, now=timezone.now())

    assert invoice.trigger == Invoice.Trigger.FLAT_FEE
    assert invoice.total == Decimal("2500.00")
    line = invoice.lines.get()
    assert (line.activity, line.amount) == (None, Decimal("2500.00"))


def test_a_flat_fee_matter_at_another_stage_waits(clock, flat_rules):
    matter = flat_matter(stage="Discovery")

    assert matter_billing_evaluate(matter=matter, now=timezone.now()) is None


def test_a_flat_fee_is_drafted_once(clock, flat_rules):
    matter = flat_matter(stage="Settled")
    matter_billing_evaluate(matter=matter, now=timezone.now())

    assert matter_billing_evaluate(matter=matter, now=timezone.now()) is None
    assert Invoice.objects.count() == 1


def test_a_flat_fee_on_its_scheduled_date_drafts_at_any_stage(clock, flat_rules):
    matter = flat_matter(stage="Discovery")
    matter.custom_field_values.append(
        {"id": 2, "field_name": "Flat fee billing date", "value": "2026-11-18"}
    )
    matter.save()

    assert matter_billing_evaluate(matter=matter, now=timezone.now()).total == Decimal("2500.00")


def test_a_flat_fee_matter_without_an_amount_is_listed_for_attention(clock, flat_rules):
    matter = flat_matter(stage="Settled", fee=None)

    assert matter_billing_evaluate(matter=matter, now=timezone.now()) is None
    matter_billing_evaluate(matter=matter, now=timezone.now())

    item = AttentionItem.objects.get()
    assert item.matter == matter
    assert "Flat fee" in item.fix


def test_flat_fee_matters_are_not_billed_unless_flat_is_in_scope(clock, rules):
    matter = flat_matter(stage="Settled")
    billing_rules_update(changes={"flat_fee_trigger_stage": "Settled"})

    assert matter_billing_evaluate(matter=matter, now=timezone.now()) is None
