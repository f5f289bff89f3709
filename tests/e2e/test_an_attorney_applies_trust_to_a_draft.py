"""Trust first, clicked through (issue 12) over both emulators and a live Remit: the seeded
firm's trust money opens the ledgers at Clio's figures, a trust-funded matter's draft carries a
proposal, its attorney applies it in the browser, and the ledger, the invoice's amount due and
Clio's trust bank transactions and balance all follow."""

from decimal import Decimal

import pytest

from billing.models import ClioUser, Invoice
from tests.billing.sandbox_world import outbox_drain
from tests.e2e.conftest import drafts_due, firm_backfilled, log_in
from tests.factories import UserFactory
from trust.models import MatterLedger, TrustApplication, TrustEntry
from trust.services.openings import trust_account_link_clio

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def firm(live_server, clio_sandbox, lawpay_sandbox, settings):
    world = firm_backfilled(
        live_server=live_server,
        clio_sandbox=clio_sandbox,
        lawpay_sandbox=lawpay_sandbox,
        settings=settings,
    )
    trust_bank = world.clio_get("bank_accounts.json", type="TrustAccount", fields="id")
    trust_account_link_clio(
        clio_bank_account_id=trust_bank["data"][0]["id"], processor_account_id=world.trust_id
    )
    drafts_due()
    return world


def _clio_trust_balance(world, clio_matter_id: int) -> Decimal:
    fields = "id,account_balances{id,type,balance}"
    matter = world.clio_get(f"matters/{clio_matter_id}.json", fields=fields)
    return sum(
        (
            Decimal(str(b["balance"]))
            for b in matter["data"]["account_balances"]
            if b["type"] == "Trust"
        ),
        Decimal("0.00"),
    )


def test_the_attorney_applies_trust_and_clio_follows(page, live_server, firm):
    application = (
        TrustApplication.objects.filter(status=TrustApplication.Status.PROPOSED)
        .select_related("invoice__matter")
        .first()
    )
    assert application is not None, "a trust-funded demo matter should get a proposal"
    invoice, matter = application.invoice, application.invoice.matter
    ledger = MatterLedger.objects.get(matter=matter)
    clio_before = _clio_trust_balance(firm, matter.clio_id)
    assert ledger.balance == clio_before  # opened at Clio's figure
    attorney = UserFactory(username="alice", role="Attorney")
    ClioUser.objects.filter(pk=matter.responsible_attorney_id).update(remit_user=attorney)

    log_in(page, live_server, "alice", "correct horse battery staple")
    page.goto(f"{live_server.url}/trust/applications/")
    row = page.locator(f"tr[data-application='{application.pk}']")
    row.locator("button:has-text('Apply and approve')").click()
    page.wait_for_selector(".alert-success")
    outbox_drain()  # the worker: Clio bank transaction and note, invoice email

    applied = application.amount
    invoice.refresh_from_db()
    assert invoice.trust_applied == applied
    assert invoice.amount_due == invoice.total - applied
    assert invoice.status in (Invoice.Status.SENT, Invoice.Status.PAID)
    ledger.refresh_from_db()
    assert ledger.balance == clio_before - applied
    withdrawal = TrustEntry.objects.get(kind=TrustEntry.Kind.WITHDRAWAL, invoice=invoice)
    assert withdrawal.posted_by == attorney
    transactions = firm.clio_get(
        "bank_transactions.json", matter_id=matter.clio_id, fields="id,amount,matter"
    )["data"]
    assert any(Decimal(str(t["amount"])) == -applied for t in transactions)
    assert _clio_trust_balance(firm, matter.clio_id) == ledger.balance

    page.goto(f"{live_server.url}/trust/matters/{matter.pk}/")
    assert page.locator("text=Earned-fee withdrawal").count() >= 1
