from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from billing.models import ClioUser, Invoice
from billing.services.drafts import matter_billing_evaluate
from tests.billing.factories import ActivityFactory, MatterFactory, matter_make_sendable
from tests.trust.factories import deposit
from trust.models import MatterLedger, TrustApplication, TrustEntry
from trust.services.posting import trust_deposit_post


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def invoice(account, rules, attorney):
    matter = matter_make_sendable(MatterFactory())
    ClioUser.objects.filter(pk=matter.responsible_attorney_id).update(remit_user=attorney)
    deposit(account, matter, "250.00")
    ActivityFactory(matter=matter, hours=Decimal("2.0"))
    return matter_billing_evaluate(matter=matter, now=timezone.now())


def test_the_attorney_applies_the_proposal_and_the_invoice_is_approved(invoice, attorney):
    api = _api(attorney)
    [proposal] = api.get("/api/v1/trust/applications/", {"status": "proposed"}).json()
    assert (proposal["invoice_id"], proposal["amount"]) == (invoice.pk, "250.00")

    response = api.post(
        "/api/v1/trust/applications/", {"invoice_id": invoice.pk, "amount": "250.00"}, format="json"
    )

    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "applied"
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.APPROVED and invoice.amount_due == Decimal("350.00")


def test_changed_figures_answer_409_with_the_new_proposal(invoice, attorney, account):
    trust_deposit_post(
        account=account,
        matter=invoice.matter,
        amount="100.00",
        effective_date=timezone.now().date(),
        source="user",
    )

    response = _api(attorney).post(
        "/api/v1/trust/applications/", {"invoice_id": invoice.pk, "amount": "250.00"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["proposal"]["amount"] == "350.00"
    assert not TrustEntry.objects.filter(kind="withdrawal").exists()


def test_billing_staff_may_read_but_not_apply(invoice, billing_clerk):
    api = _api(billing_clerk)
    assert api.get("/api/v1/trust/applications/").status_code == 200

    response = api.post(
        "/api/v1/trust/applications/", {"invoice_id": invoice.pk, "amount": "250.00"}, format="json"
    )

    assert response.status_code == 403
    assert TrustApplication.objects.get(invoice=invoice).status == "proposed"


@pytest.mark.parametrize(
    "body",
    [
        {"invoice_id": "x", "amount": "1.00"},
        {"amount": "1.00"},
        {"invoice_id": 1, "amount": "-1.00"},
        {"invoice_id": 1, "amount": "1.001"},
        {"invoice_id": 1, "amount": "NaN"},
        {"invoice_id": 1, "amount": "1e400"},
    ],
)
def test_a_bad_body_is_a_400_and_changes_nothing(invoice, attorney, body):
    response = _api(attorney).post("/api/v1/trust/applications/", body, format="json")

    assert response.status_code == 400
    assert MatterLedger.objects.get(matter=invoice.matter).available == Decimal("250.00")


def test_more_than_proposed_is_a_409(invoice, attorney):
    response = _api(attorney).post(
        "/api/v1/trust/applications/", {"invoice_id": invoice.pk, "amount": "250.01"}, format="json"
    )

    assert response.status_code == 409 and "more than" in response.json()["detail"]
