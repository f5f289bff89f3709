from decimal import Decimal

import pytest
from django.utils import timezone

from billing.models import Invoice
from billing.services.drafts import matter_billing_evaluate
from integrations.models import OutboxMessage
from tests.billing.factories import ActivityFactory, MatterFactory, matter_make_sendable
from tests.trust.factories import deposit
from trust.models import MatterLedger, TrustApplication, TrustEntry, TrustTransfer
from trust.services.applications import (
    TrustApplicationRefused,
    trust_application_approve,
    trust_application_decline,
)
from trust.services.posting import trust_refund_post


@pytest.fixture
def proposal(account, rules):
    matter = matter_make_sendable(MatterFactory())
    deposit(account, matter, "250.00")
    ActivityFactory(matter=matter, hours=Decimal("2.0"))  # $600
    invoice = matter_billing_evaluate(matter=matter, now=timezone.now())
    return TrustApplication.objects.get(invoice=invoice)


def test_approval_posts_the_withdrawal_lists_the_transfer_and_approves_the_invoice(
    proposal, attorney, deliveries
):
    decision = trust_application_approve(application=proposal, user=attorney)

    assert decision.applied, decision.message
    invoice = Invoice.objects.get(pk=proposal.invoice_id)
    assert invoice.status == Invoice.Status.APPROVED and invoice.number
    assert (invoice.trust_applied, invoice.amount_due) == (Decimal("250.00"), Decimal("350.00"))
    entry = TrustEntry.objects.get(kind=TrustEntry.Kind.WITHDRAWAL)
    assert (entry.amount, entry.invoice_id, entry.posted_by) == (
        Decimal("-250.00"),
        invoice.pk,
        attorney,
    )
    assert MatterLedger.objects.get(matter=invoice.matter).available == Decimal("0.00")
    assert TrustTransfer.objects.get(entry=entry).executed_at is None
    assert OutboxMessage.objects.filter(kind="clio.trust.transaction").count() == 1
    assert deliveries == [invoice.pk]  # the link asks for the remainder


def test_trust_covering_everything_pays_the_invoice_without_a_link(
    account, rules, attorney, deliveries
):
    matter = matter_make_sendable(MatterFactory())
    deposit(account, matter, "5000.00")
    ActivityFactory(matter=matter, hours=Decimal("2.0"))
    invoice = matter_billing_evaluate(matter=matter, now=timezone.now())

    trust_application_approve(
        application=TrustApplication.objects.get(invoice=invoice), user=attorney
    )

    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID and invoice.amount_due == 0
    assert deliveries == []


def test_a_balance_changed_since_the_proposal_is_proposed_again_and_nothing_is_posted(
    proposal, attorney
):
    ledger = MatterLedger.objects.get(matter_id=proposal.invoice.matter_id)
    trust_refund_post(
        account=ledger.account,
        matter=ledger.matter,
        amount="100.00",
        effective_date=timezone.now().date(),
    )

    decision = trust_application_approve(application=proposal, user=attorney)

    assert not decision.applied
    assert "look again" in decision.message
    assert decision.application.amount == Decimal("150.00")
    assert TrustApplication.objects.get(pk=proposal.pk).status == TrustApplication.Status.SUPERSEDED
    assert not TrustEntry.objects.filter(kind=TrustEntry.Kind.WITHDRAWAL).exists()
    assert Invoice.objects.get(pk=proposal.invoice_id).status == Invoice.Status.DRAFT


def test_someone_without_the_trust_permission_cannot_approve(proposal, billing_clerk):
    with pytest.raises(TrustApplicationRefused, match="apply trust"):
        trust_application_approve(application=proposal, user=billing_clerk)

    assert not TrustEntry.objects.filter(kind=TrustEntry.Kind.WITHDRAWAL).exists()


def test_a_disputed_invoice_never_draws_on_trust(proposal, attorney):
    Invoice.objects.filter(pk=proposal.invoice_id).update(disputed_at=timezone.now())

    with pytest.raises(TrustApplicationRefused, match="disputed"):
        trust_application_approve(application=proposal, user=attorney)

    assert not TrustEntry.objects.filter(kind=TrustEntry.Kind.WITHDRAWAL).exists()


def test_an_approval_that_billing_refuses_rolls_the_withdrawal_back(proposal, attorney):
    matter = proposal.invoice.matter
    matter.client.primary_email = ""
    matter.client.save()

    with pytest.raises(TrustApplicationRefused, match="email"):
        trust_application_approve(application=proposal, user=attorney)

    assert not TrustEntry.objects.filter(kind=TrustEntry.Kind.WITHDRAWAL).exists()
    assert MatterLedger.objects.get(matter=matter).available == Decimal("250.00")
    assert TrustApplication.objects.get(pk=proposal.pk).status == TrustApplication.Status.PROPOSED


def test_declining_keeps_the_funds_and_lets_billing_approve(proposal, attorney, billing_clerk):
    from billing.services.review import invoice_approve

    trust_application_decline(
        application=proposal, user=attorney, reason="Client asked to pay by card"
    )

    invoice = invoice_approve(invoice=proposal.invoice, user=billing_clerk)
    assert invoice.status == Invoice.Status.APPROVED and invoice.trust_applied == 0
    assert MatterLedger.objects.get(matter=invoice.matter).available == Decimal("250.00")
