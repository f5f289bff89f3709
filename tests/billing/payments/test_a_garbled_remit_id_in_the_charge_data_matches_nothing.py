"""The charge's ``data`` comes from the payer's page: an id that is not a plain, bounded number
matches nothing (the payment waits for a person) instead of breaking the processing."""

import pytest

from billing.services.payments import invoice_for_remit_data
from tests.billing.factories import draft_with_lines


@pytest.mark.parametrize("raw", ["²", "9" * 23, "-1", 3.5, None])
def test_it_matches_nothing(db, raw):
    draft_with_lines(number="R-2026-000001")

    assert invoice_for_remit_data(data={"remit_invoice_id": raw}) is None


def test_a_plain_id_still_matches(db):
    invoice = draft_with_lines(number="R-2026-000001")

    assert invoice_for_remit_data(data={"remit_invoice_id": str(invoice.pk)}) == invoice
    assert invoice_for_remit_data(data={"remit_invoice_id": invoice.pk}) == invoice
