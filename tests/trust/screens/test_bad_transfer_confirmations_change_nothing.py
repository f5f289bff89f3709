from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from billing.models import Invoice
from tests.billing.factories import InvoiceFactory
from tests.trust.factories import transfer_make
from trust.models import TrustTransfer
from trust.services.posting import trust_entry_reverse

pytestmark = pytest.mark.usefixtures("_frozen")


@pytest.fixture
def _frozen():
    with time_machine.travel(datetime(2026, 11, 20, 15, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def transfer(account):
    invoice = InvoiceFactory(number="R-2026-000501", status=Invoice.Status.APPROVED)
    return transfer_make(account, invoice, "80.00", on=date(2026, 11, 10))


def _post(client, **fields):
    return client.post(reverse("trust:transfer-execute"), fields)


@pytest.mark.parametrize(
    ("fields", "status", "says"),
    [
        ({"transfer": "abc"}, 400, "Give a whole number transfer id"),
        ({"transfer": "²"}, 400, "Give a whole number transfer id"),
        ({"transfer": str(10**30)}, 400, "Ensure this value is less than or equal to"),
        ({"transfer": "0"}, 400, "Ensure this value is greater than or equal to 1"),
        ({"transfer": ""}, 400, "This field is required"),
        ({"bank_reference": ""}, 400, "Enter the bank&#x27;s reference"),
        ({"bank_reference": "   "}, 400, "Enter the bank&#x27;s reference"),
        ({"bank_reference": "x" * 101}, 400, "at most 100 characters"),
        ({"executed_on": ""}, 400, "Enter the day the bank executed"),
        ({"executed_on": "2026-02-30"}, 400, "Enter a valid date"),
        ({"executed_on": "2026-11-21"}, 409, "2026-11-21 is in the future"),
        ({"executed_on": "2026-11-09"}, 409, "before the withdrawal (2026-11-10)"),
        ({"transfer": "987654"}, 404, "there is no transfer 987654"),
    ],
)
def test_bad_input_gets_a_clear_error_and_records_nothing(
    client, transfer, firm_admin, fields, status, says
):
    client.force_login(firm_admin)
    before = list(TrustTransfer.history.values())
    body = {
        "transfer": str(transfer.pk),
        "bank_reference": "WIRE-9",
        "executed_on": "2026-11-12",
        **fields,
    }

    response = _post(client, **body)

    assert response.status_code == status
    assert says in response.content.decode()
    assert "Nothing was recorded" in response.content.decode()
    assert TrustTransfer.objects.get(pk=transfer.pk).executed_at is None
    assert list(TrustTransfer.history.values()) == before


def test_a_reversed_withdrawal_cannot_be_confirmed(client, transfer, firm_admin):
    trust_entry_reverse(entry=transfer.entry, effective_date=date(2026, 11, 11), reason="Wrong")
    client.force_login(firm_admin)

    response = _post(
        client, transfer=str(transfer.pk), bank_reference="WIRE-9", executed_on="2026-11-12"
    )

    assert response.status_code == 409
    assert "was reversed" in response.content.decode()
    assert TrustTransfer.objects.get(pk=transfer.pk).executed_at is None


def test_the_good_input_of_these_cases_is_accepted(client, transfer, firm_admin):
    client.force_login(firm_admin)

    response = _post(
        client, transfer=str(transfer.pk), bank_reference="WIRE-9", executed_on="2026-11-12"
    )

    assert response.status_code == 302
    assert TrustTransfer.objects.get(pk=transfer.pk).bank_reference == "WIRE-9"
