"""``make run``'s demo: sandbox_connect links the trust ledger to the Clio emulator's trust
bank account and LawPay's trust account; once the first backfill is in and the periodic check
has run, every trust-funded demo matter's balance equals Clio's and nothing differs, and a
trust-funded matter's draft shows its trust-first proposal."""

import io
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from billing.models import Invoice, Matter
from billing.services.evaluation import billing_evaluate_due
from integrations.clio.sync import clio_backfill_run
from integrations.models import LawPayConnection
from trust.models import MatterLedger, TrustAccount, TrustApplication
from trust.selectors_crosscheck import clio_trust_figure
from trust.tasks import trust_crosscheck

REMIT = "http://127.0.0.1:8999"


@pytest.fixture
def demo(db, clio_sandbox_factory, lawpay_sandbox, rules):
    clio = clio_sandbox_factory(
        CLIO_SANDBOX_REDIRECT_URIS=f"{REMIT}/integrations/clio/callback/",
        CLIO_SANDBOX_CLIENT_ID="demo-app",
        CLIO_SANDBOX_CLIENT_SECRET="demo-app-secret",
    )
    # The demo firm, as `make run` seeds it (smaller, so the test stays quick).
    subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "sandbox.seed", "--clio-url", clio.base_url,
         "--clients", "12", "--matters", "30", "--entries", "200"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    with override_settings(
        CLIO_BASE_URL=clio.base_url,
        CLIO_CLIENT_ID="demo-app",
        CLIO_CLIENT_SECRET="demo-app-secret",
        LAWPAY_BASE_URL=lawpay_sandbox.base_url,
        REMIT_PUBLIC_URL=REMIT,
    ):
        out = io.StringIO()
        call_command("sandbox_connect", stdout=out)
        yield out.getvalue()


def test_the_trust_account_is_linked_to_both_emulators(demo):
    account = TrustAccount.objects.get()
    assert account.is_default
    assert account.clio_bank_account.type == "Trust"
    assert account.processor_account_id == LawPayConnection.objects.get().trust_account_id != ""
    assert "Trust: “IOLTA Trust Account” linked" in demo


def test_after_the_backfill_every_trust_matter_agrees_with_clio(demo):
    clio_backfill_run()
    summary = trust_crosscheck()

    account = TrustAccount.objects.get()
    funded = [
        m
        for m in Matter.objects.all()
        if clio_trust_figure(matter=m, bank_clio_id=account.clio_bank_account.clio_id)
    ]
    assert len(funded) > 4  # the emulator's own firm and the seeded one
    for matter in funded:
        ledger = MatterLedger.objects.get(account=account, matter=matter)
        assert ledger.balance == clio_trust_figure(
            matter=matter, bank_clio_id=account.clio_bank_account.clio_id
        ), matter
    assert summary["differences"] == 0
    account.refresh_from_db()
    assert account.balance == account.clio_bank_account.balance


def test_a_trust_funded_matters_draft_gets_its_proposal(demo):
    clio_backfill_run()
    billing_evaluate_due(now=timezone.now())  # drafts may come before the openings
    trust_crosscheck()

    proposed = TrustApplication.objects.filter(status=TrustApplication.Status.PROPOSED)
    assert proposed.exists()
    smith = Invoice.objects.get(matter__clio_id=1001, status=Invoice.Status.DRAFT)
    assert smith.trust_review == Invoice.TrustReview.PENDING
