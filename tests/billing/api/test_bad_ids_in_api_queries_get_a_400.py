"""An id the database cannot hold or ``int()`` cannot read is a 400 naming the parameter."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from billing.models import Payment
from tests.billing.factories import MatterFactory, draft_with_lines

BAD_IDS = ["²", "1²", "1" * 23, "0", "-1", " 1", "1.0"]


@pytest.fixture
def api(billing_clerk):
    client = APIClient()
    client.force_authenticate(billing_clerk)
    return client


@pytest.mark.parametrize("raw", BAD_IDS)
def test_a_bad_clio_matter_id_on_the_invoice_list_is_a_400(api, rules, raw):
    response = api.get("/api/v1/invoices/", {"clio_matter_id": raw})

    assert response.status_code == 400
    assert "clio_matter_id" in response.json()


@pytest.mark.parametrize("raw", BAD_IDS)
def test_a_bad_invoice_id_on_the_payment_list_is_a_400(api, raw):
    response = api.get("/api/v1/payments/", {"invoice": raw})

    assert response.status_code == 400
    assert "invoice" in response.json()


def test_valid_ids_still_filter_both_lists(api, rules):
    invoice = draft_with_lines(matter=MatterFactory(clio_id=10**17))
    Payment.objects.create(
        invoice=invoice,
        matter=invoice.matter,
        lawpay_transaction_id="m1",
        lawpay_account_id="op",
        amount="10.00",
        received_at=timezone.now(),
    )

    invoices = api.get("/api/v1/invoices/", {"clio_matter_id": str(10**17)}).json()
    payments = api.get("/api/v1/payments/", {"invoice": invoice.pk}).json()
    none = api.get("/api/v1/payments/", {"invoice": "9" * 18}).json()

    assert [item["id"] for item in invoices["results"]] == [invoice.pk]
    assert [item["lawpay_transaction_id"] for item in payments["results"]] == ["m1"]
    assert none["results"] == []
