from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from billing.models import Invoice
from tests.billing.factories import InvoiceFactory
from tests.trust.factories import transfer_make
from trust.models import TrustTransfer
from trust.services.transfers import TrustTransferRefused, trust_transfer_execute


@pytest.fixture
def transfer(account):
    invoice = InvoiceFactory(number="R-2026-000401", status=Invoice.Status.APPROVED)
    return transfer_make(account, invoice, "90.00", on=date(2020, 1, 2))


@pytest.mark.parametrize("who", ["billing_clerk", "attorney"])
def test_the_page_refuses_anyone_without_it_and_records_nothing(client, transfer, request, who):
    client.force_login(request.getfixturevalue(who))

    response = client.post(
        reverse("trust:transfer-execute"),
        {"transfer": str(transfer.pk), "bank_reference": "WIRE-1", "executed_on": "2020-01-03"},
    )

    assert response.status_code == 403
    assert TrustTransfer.objects.get(pk=transfer.pk).executed_at is None


def test_the_service_refuses_billing_staff_too(transfer, billing_clerk):
    with pytest.raises(TrustTransferRefused, match="reconcile trust"):
        trust_transfer_execute(
            transfer=transfer,
            user=billing_clerk,
            bank_reference="WIRE-1",
            executed_on=date(2020, 1, 3),
        )

    assert TrustTransfer.objects.get(pk=transfer.pk).executed_at is None


def test_a_get_is_not_a_confirmation(client, transfer, firm_admin):
    client.force_login(firm_admin)

    assert client.get(reverse("trust:transfer-execute")).status_code == 405


def test_a_post_without_the_csrf_token_is_refused(transfer, firm_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(firm_admin)

    response = client.post(
        reverse("trust:transfer-execute"),
        {"transfer": str(transfer.pk), "bank_reference": "WIRE-1", "executed_on": "2020-01-03"},
    )

    assert response.status_code == 403
    assert TrustTransfer.objects.get(pk=transfer.pk).executed_at is None
