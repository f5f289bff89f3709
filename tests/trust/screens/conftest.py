"""A crafted trust ledger the screen tests read back (figures worked out in the comments)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from billing.models import Invoice
from tests.billing.factories import ClientFactory, ClioUserFactory, InvoiceFactory, MatterFactory
from tests.trust.factories import deposit
from trust.models import TrustEntry
from trust.services.posting import trust_deposit_clear, trust_entry_reverse, trust_withdrawal_post


@pytest.fixture
def crafted(account, attorney, billing_clerk, firm_admin):
    """Two matters in one account.

    Acme (attorney: the ``attorney`` user), Clio says $1,250.00:
      #1 deposit $1,000.00 cleared 2026-11-02          balance 1,000.00  available 1,000.00
      #2 deposit   $500.00 uncleared 2026-11-03        balance 1,500.00  available 1,000.00
      #3 clearance of #2 on 2026-11-06                 balance 1,500.00  available 1,500.00
      #4 withdrawal $300.00 for R-2026-000101 (ada)    balance 1,200.00  available 1,200.00
      #5 deposit   $200.00 cleared 2026-11-08          balance 1,400.00  available 1,400.00
      #6 reversal of #5 on 2026-11-09 (bill)           balance 1,200.00  available 1,200.00
    Baker (another attorney), Clio says $400.00:
      #7 deposit   $400.00 uncleared 2026-11-04        balance   400.00  available     0.00
    The account: $1,600.00, $1,200.00 available, $400.00 uncleared.
    """
    alice = ClioUserFactory(name="Alice Attorney", remit_user=attorney)
    acme = MatterFactory(
        display_number="00101-Acme",
        client=ClientFactory(name="Acme Corp"),
        responsible_attorney=alice,
        clio_trust_balance=Decimal("1250.00"),
    )
    baker = MatterFactory(
        display_number="00102-Baker",
        client=ClientFactory(name="Baker LLC"),
        responsible_attorney=ClioUserFactory(name="Brian Other"),
        clio_trust_balance=Decimal("400.00"),
    )
    invoice = InvoiceFactory(matter=acme, number="R-2026-000101", status=Invoice.Status.APPROVED)
    retainer = deposit(account, acme, "1000.00", on=date(2026, 11, 2), ref="ch_1")
    echeck = deposit(account, acme, "500.00", on=date(2026, 11, 3), cleared=False, ref="ch_2")
    clearance = trust_deposit_clear(
        entry=echeck,
        cleared_on=date(2026, 11, 6),
        source=TrustEntry.Source.PROCESSOR,
        source_ref="settle_2",
    )
    withdrawal = trust_withdrawal_post(
        account=account,
        invoice=invoice,
        amount=Decimal("300.00"),
        effective_date=date(2026, 11, 7),
        user=firm_admin,
    )
    mistaken = deposit(account, acme, "200.00", on=date(2026, 11, 8), ref="ch_3")
    reversal = trust_entry_reverse(
        entry=mistaken,
        effective_date=date(2026, 11, 9),
        reason="Charge disputed",
        user=billing_clerk,
    )
    baker_echeck = deposit(
        account, baker, "400.00", on=date(2026, 11, 4), cleared=False, ref="ch_4"
    )
    return SimpleNamespace(
        account=account,
        acme=acme,
        baker=baker,
        invoice=invoice,
        retainer=retainer,
        echeck=echeck,
        clearance=clearance,
        withdrawal=withdrawal,
        mistaken=mistaken,
        reversal=reversal,
        baker_echeck=baker_echeck,
    )
