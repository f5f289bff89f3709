from datetime import UTC, date, datetime
from decimal import Decimal

import time_machine
from django.urls import reverse

from billing.models import Invoice
from tests.billing.factories import InvoiceFactory, MatterFactory
from tests.trust.factories import transfer_make
from tests.trust.screens.page import row_texts
from trust.models import MatterLedger, TrustApplication
from trust.services.posting import trust_entry_reverse
from trust.services.transfers import trust_transfer_execute


def _invoice(number: str) -> Invoice:
    return InvoiceFactory(
        matter=MatterFactory(display_number=f"M-{number}"),
        number=number,
        status=Invoice.Status.APPROVED,
    )


@time_machine.travel(datetime(2026, 11, 20, 15, 0, tzinfo=UTC), tick=False)
def test_a_transfer_awaiting_shows_amount_matter_invoice_and_who_approved_it(
    client, account, billing_clerk, attorney
):
    transfer = transfer_make(account, _invoice("R-2026-000201"), "420.00")
    entry = transfer.entry
    TrustApplication.objects.create(
        invoice=entry.invoice,
        ledger=MatterLedger.objects.get(matter=entry.matter),
        amount=Decimal("420.00"),
        available_seen=Decimal("420.00"),
        invoice_total_seen=Decimal("420.00"),
        status=TrustApplication.Status.APPLIED,
        entry=entry,
        decided_at=datetime(2026, 11, 3, 14, 5, tzinfo=UTC),
        decided_by=attorney,
    )
    client.force_login(billing_clerk)

    page = client.get(reverse("trust:transfers")).content.decode()

    row = row_texts(page, f"transfer-{transfer.pk}")
    assert row["amount"] == "$420.00"
    assert row["approved"] == "2026-11-03 09:05 EST · alice"
    fragment = page.split(f'data-testid="transfer-{transfer.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "M-R-2026-000201" in fragment and "R-2026-000201" in fragment
    assert 'action="/trust/transfers/execute/"' not in page  # billing staff cannot confirm


@time_machine.travel(datetime(2026, 11, 20, 15, 0, tzinfo=UTC), tick=False)
def test_an_executed_transfer_moves_to_recently_executed_with_its_reference(
    client, account, firm_admin
):
    waiting = transfer_make(account, _invoice("R-2026-000202"), "100.00")
    done = transfer_make(account, _invoice("R-2026-000203"), "150.00")
    trust_transfer_execute(
        transfer=done, user=firm_admin, bank_reference="WIRE-77", executed_on=date(2026, 11, 4)
    )
    client.force_login(firm_admin)

    page = client.get(reverse("trust:transfers")).content.decode()

    assert f'data-testid="transfer-{waiting.pk}"' in page
    assert f'data-testid="transfer-{done.pk}"' not in page
    executed = page.split(f'data-testid="executed-{done.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "2026-11-04" in executed and "WIRE-77" in executed and "$150.00" in executed
    assert row_texts(page, f"executed-{done.pk}")["confirmed"] == (
        "ada confirmed 2026-11-20 10:00 EST"
    )
    assert 'action="/trust/transfers/execute/"' in page  # admins confirm


@time_machine.travel(datetime(2026, 11, 20, 15, 0, tzinfo=UTC), tick=False)
def test_a_transfer_whose_withdrawal_was_reversed_says_not_to_transfer(client, account, firm_admin):
    transfer = transfer_make(account, _invoice("R-2026-000204"), "60.00")
    trust_entry_reverse(
        entry=transfer.entry, effective_date=date(2026, 11, 5), reason="Wrong invoice"
    )
    client.force_login(firm_admin)

    page = client.get(reverse("trust:transfers")).content.decode()

    assert row_texts(page, f"transfer-{transfer.pk}")["reversed"] == (
        "withdrawal reversed: do not transfer"
    )
