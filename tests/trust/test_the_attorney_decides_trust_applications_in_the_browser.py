from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from billing.models import ClioUser, Invoice
from billing.services.drafts import matter_billing_evaluate
from tests.billing.factories import ActivityFactory, MatterFactory, matter_make_sendable
from tests.trust.factories import deposit
from trust.models import TrustApplication, TrustEntry


@pytest.fixture
def own_proposal(account, rules, attorney):
    matter = matter_make_sendable(MatterFactory())
    ClioUser.objects.filter(pk=matter.responsible_attorney_id).update(remit_user=attorney)
    deposit(account, matter, "250.00")
    ActivityFactory(matter=matter, hours=Decimal("2.0"))
    invoice = matter_billing_evaluate(matter=matter, now=timezone.now())
    return TrustApplication.objects.get(invoice=invoice)


def test_the_page_lists_the_proposal_with_its_figures(client, attorney, own_proposal):
    client.force_login(attorney)

    html = client.get(reverse("trust:applications")).content.decode()

    assert f'data-application="{own_proposal.pk}"' in html
    assert "$250.00" in html and "$600.00" in html and "$350.00" in html  # applied, total, left


def test_approving_in_the_browser_applies_trust_and_approves(client, attorney, own_proposal):
    client.force_login(attorney)

    response = client.post(
        reverse("trust:application-approve", args=[own_proposal.pk]), {"amount": "250.00"}
    )

    assert response.status_code == 302
    invoice = Invoice.objects.get(pk=own_proposal.invoice_id)
    assert invoice.status == Invoice.Status.APPROVED and invoice.trust_applied == Decimal("250.00")
    assert TrustEntry.objects.get(kind="withdrawal").posted_by == attorney


@pytest.mark.parametrize("amount", ["250.01", "-5", "abc", "1e3", "0.001"])
def test_a_bad_amount_is_refused_and_changes_nothing(client, attorney, own_proposal, amount):
    client.force_login(attorney)

    response = client.post(
        reverse("trust:application-approve", args=[own_proposal.pk]),
        {"amount": amount},
        follow=True,
    )

    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not TrustEntry.objects.filter(kind="withdrawal").exists()
    assert Invoice.objects.get(pk=own_proposal.invoice_id).status == Invoice.Status.DRAFT


def test_an_attorney_cannot_decide_another_attorneys_proposal(client, own_proposal):
    from tests.factories import UserFactory

    other = UserFactory(username="bob", role="Attorney")
    client.force_login(other)

    response = client.post(reverse("trust:application-approve", args=[own_proposal.pk]))

    assert response.status_code == 404
    assert not TrustEntry.objects.filter(kind="withdrawal").exists()


def test_declining_needs_a_reason(client, attorney, own_proposal):
    client.force_login(attorney)

    client.post(reverse("trust:application-decline", args=[own_proposal.pk]), {"reason": " "})
    assert TrustApplication.objects.get(pk=own_proposal.pk).status == "proposed"

    client.post(
        reverse("trust:application-decline", args=[own_proposal.pk]),
        {"reason": "Client pays by card"},
    )
    assert TrustApplication.objects.get(pk=own_proposal.pk).status == "declined"
