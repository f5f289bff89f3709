from decimal import Decimal

import pytest
from django.utils import timezone

from billing.models import Invoice
from billing.selectors import invoice_blockers_now
from billing.services.drafts import matter_billing_evaluate
from billing.services.review import InvoiceBlocked, invoice_approve
from tests.billing.factories import ActivityFactory, MatterFactory, matter_make_sendable
from tests.trust.factories import deposit
from trust.models import TrustApplication


def _draft(matter, hours="2.0"):
    ActivityFactory(matter=matter, hours=Decimal(hours))  # $300/h
    invoice = matter_billing_evaluate(matter=matter, now=timezone.now())
    return Invoice.objects.get(pk=invoice.pk)


def test_a_draft_on_a_matter_with_cleared_funds_gets_a_proposal_of_the_cleared_part(account, rules):
    matter = matter_make_sendable(MatterFactory())
    deposit(account, matter, "250.00")
    deposit(account, matter, "1000.00", cleared=False)  # an eCheck still settling

    invoice = _draft(matter)

    application = TrustApplication.objects.get(invoice=invoice)
    assert application.status == TrustApplication.Status.PROPOSED
    assert application.amount == Decimal("250.00")  # min(cleared 250, total 600)
    assert invoice.trust_review == Invoice.TrustReview.PENDING


def test_the_proposal_is_capped_at_the_invoice_total(account, rules):
    matter = matter_make_sendable(MatterFactory())
    deposit(account, matter, "5000.00")

    invoice = _draft(matter)

    assert TrustApplication.objects.get(invoice=invoice).amount == Decimal("600.00")


def test_billing_cannot_approve_while_the_trust_decision_is_pending(account, rules, billing_clerk):
    matter = matter_make_sendable(MatterFactory())
    deposit(account, matter, "100.00")
    invoice = _draft(matter)

    assert "trust_pending" in [b.reason for b in invoice_blockers_now(invoice_id=invoice.pk)]
    with pytest.raises(InvoiceBlocked, match="trust is applied first"):
        invoice_approve(invoice=invoice, user=billing_clerk)
    assert Invoice.objects.get(pk=invoice.pk).number is None


def test_no_proposal_without_cleared_funds(account, rules):
    matter = matter_make_sendable(MatterFactory())
    deposit(account, matter, "900.00", cleared=False)

    invoice = _draft(matter)

    assert not TrustApplication.objects.filter(invoice=invoice).exists()
    assert invoice.trust_review == Invoice.TrustReview.NONE
