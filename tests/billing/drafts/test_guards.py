from decimal import Decimal

import pytest
from django.utils import timezone

from billing.models import Invoice, Matter
from billing.services.drafts import matter_billing_evaluate
from billing.services.rules import billing_rules_update
from tests.billing.factories import ActivityFactory, MatterFactory


@pytest.mark.parametrize(
    "entry",
    [
        {"non_billable": True},
        {"no_charge": True},
        {"on_bill": True},
        {"total": Decimal("0.00")},
        {"deleted_at": timezone.now()},
    ],
    ids=["non-billable", "no-charge", "on-a-clio-bill", "zero-total", "deleted"],
)
def test_entries_that_are_not_approved_are_not_billed(clock, rules, entry):
    matter = MatterFactory()
    ActivityFactory(matter=matter, hours=Decimal("3.0"), **entry)

    assert matter_billing_evaluate(matter=matter, now=timezone.now()) is None


def test_a_zero_dollar_matter_gets_no_draft_even_with_a_zero_threshold(clock, rules):
    billing_rules_update(changes={"threshold": Decimal("0")})
    matter = MatterFactory()
    ActivityFactory(matter=matter, no_charge=True)

    assert matter_billing_evaluate(matter=matter, now=timezone.now()) is None
    assert not Invoice.objects.exists()


def test_a_closed_matter_gets_no_draft(clock, rules):
    matter = MatterFactory(status=Matter.Status.CLOSED)
    ActivityFactory(matter=matter, hours=Decimal("5.0"))

    assert matter_billing_evaluate(matter=matter, now=timezone.now()) is None


def test_a_matter_whose_billing_method_is_out_of_scope_gets_no_draft(clock, rules):
    matter = MatterFactory(billing_method=Matter.BillingMethod.CONTINGENCY)
    ActivityFactory(matter=matter, hours=Decimal("5.0"))

    assert matter_billing_evaluate(matter=matter, now=timezone.now()) is None
