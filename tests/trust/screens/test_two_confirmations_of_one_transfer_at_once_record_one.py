"""Two admins confirm the same transfer at the same moment with different references, on two
database connections (PostgreSQL row locks): one confirmation is recorded, the other is
refused and names the first."""

from __future__ import annotations

import pytest
from django.utils import timezone

from billing.models import Invoice
from billing.services.drafts import firm_today
from tests.billing.factories import InvoiceFactory
from tests.factories import UserFactory
from tests.trust.factories import run_together, transfer_make, trust_account_make
from trust.models import TrustTransfer
from trust.services.transfers import TrustTransferRefused, trust_transfer_execute

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_one_confirmation_is_recorded_and_the_other_is_refused():
    today = firm_today(now=timezone.now())
    invoice = InvoiceFactory(number="R-2026-000601", status=Invoice.Status.APPROVED)
    transfer = transfer_make(trust_account_make(), invoice, "120.00", on=today)
    ada = UserFactory(username="ada", role="Admin")
    root = UserFactory(username="ray", role="Admin")

    results = run_together(
        *(
            lambda user=user, ref=ref: trust_transfer_execute(
                transfer=transfer, user=user, bank_reference=ref, executed_on=today
            )
            for user, ref in ((ada, "WIRE-A"), (root, "WIRE-B"))
        )
    )

    recorded = [r for r in results if isinstance(r, TrustTransfer)]
    refused = [r for r in results if isinstance(r, TrustTransferRefused)]
    assert len(recorded) == 1 and len(refused) == 1, results
    transfer.refresh_from_db()
    assert transfer.bank_reference == recorded[0].bank_reference
    assert f"with bank reference {transfer.bank_reference}" in str(refused[0])
    assert transfer.history.filter(executed_at__isnull=False).count() == 1
