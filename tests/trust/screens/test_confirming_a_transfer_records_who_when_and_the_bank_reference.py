from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from billing.models import Invoice
from billing.services.drafts import firm_today
from tests.billing.factories import InvoiceFactory
from tests.trust.factories import transfer_make
from trust.models import TrustTransfer
from trust.services.transfers import TrustTransferRefused, trust_transfer_execute

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
pytestmark = pytest.mark.usefixtures("_frozen")


@pytest.fixture
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def transfer(account):
    invoice = InvoiceFactory(number="R-2026-000301", status=Invoice.Status.APPROVED)
    return transfer_make(account, invoice, "250.00", on=date(2026, 11, 3))


def _confirm(client, transfer, reference="WIRE-2026-1103", on="2026-11-04"):
    return client.post(
        reverse("trust:transfer-execute"),
        {"transfer": str(transfer.pk), "bank_reference": reference, "executed_on": on},
    )


def test_confirming_records_the_user_the_bank_day_and_the_reference(client, transfer, firm_admin):
    client.force_login(firm_admin)

    response = _confirm(client, transfer, reference="  WIRE-2026-1103  ")

    assert response.status_code == 302 and response["Location"] == reverse("trust:transfers")
    transfer.refresh_from_db()
    assert transfer.executed_by == firm_admin
    assert transfer.bank_reference == "WIRE-2026-1103"
    assert firm_today(now=transfer.executed_at) == date(2026, 11, 4)
    change = transfer.history.latest()
    assert (change.history_user, change.history_date, change.bank_reference) == (
        firm_admin,
        NOW,
        "WIRE-2026-1103",
    )


def test_confirming_again_with_the_same_reference_changes_nothing(client, transfer, firm_admin):
    client.force_login(firm_admin)
    _confirm(client, transfer)
    recorded = TrustTransfer.objects.values().get(pk=transfer.pk)

    response = _confirm(client, transfer, on="2026-11-05")

    assert response.status_code == 302
    assert TrustTransfer.objects.values().get(pk=transfer.pk) == recorded
    assert transfer.history.count() == 2  # created, executed once


def test_confirming_again_with_another_reference_is_refused_and_the_first_stands(
    client, transfer, firm_admin
):
    client.force_login(firm_admin)
    _confirm(client, transfer)

    response = _confirm(client, transfer, reference="WIRE-OTHER")

    assert response.status_code == 409
    assert "already confirmed executed on 2026-11-04 by ada" in response.content.decode()
    transfer.refresh_from_db()
    assert transfer.bank_reference == "WIRE-2026-1103"


def test_the_service_is_idempotent_for_the_same_reference(transfer, firm_admin):
    first = trust_transfer_execute(
        transfer=transfer, user=firm_admin, bank_reference="REF-1", executed_on=date(2026, 11, 4)
    )
    again = trust_transfer_execute(
        transfer=transfer, user=firm_admin, bank_reference="REF-1", executed_on=date(2026, 11, 9)
    )

    assert again.executed_at == first.executed_at
    with pytest.raises(TrustTransferRefused, match="REF-1; that confirmation stands"):
        trust_transfer_execute(
            transfer=transfer,
            user=firm_admin,
            bank_reference="REF-2",
            executed_on=date(2026, 11, 4),
        )
