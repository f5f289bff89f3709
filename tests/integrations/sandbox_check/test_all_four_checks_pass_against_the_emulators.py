"""Against both emulators the four checks pass, each with its evidence: the draft, the
approval, the link, the payment and the trust figures, and the command exits 0."""

from decimal import Decimal

from billing.models import Invoice
from integrations.models import SandboxCheckRun
from tests.integrations.sandbox_check.conftest import sandbox_check
from trust.models import MatterLedger


def test_every_check_passes_and_the_command_exits_0(sandbox, firm_admin):
    output = sandbox_check(firm_admin.username)

    assert output.code == 0, output.text
    for key in "abcd":
        assert f"PASS ({key})" in output.text
    assert "FAIL" not in output.text
    run = SandboxCheckRun.objects.get()
    assert run.passed and run.status == SandboxCheckRun.Status.PASSED
    assert [r["status"] for r in run.results] == ["pass"] * 4
    assert run.finished_at is not None


def test_the_evidence_names_the_invoice_the_link_the_payment_and_the_trust_figures(
    sandbox, firm_admin
):
    output = sandbox_check(firm_admin.username)

    paid = Invoice.objects.get(matter__description=SandboxCheckRun.objects.get().label)
    assert paid.status == Invoice.Status.PAID
    assert f"approved as {paid.number}" in output.text
    assert paid.payment_url in output.text
    assert "both locked" in output.text
    assert "billing status “Invoice Paid”" in output.text
    trust_invoice = Invoice.objects.get(matter__description__endswith="(trust)")
    assert trust_invoice.trust_applied == trust_invoice.total
    ledger = MatterLedger.objects.get(matter=trust_invoice.matter)
    assert ledger.balance == Decimal("250.00")
    assert "matter balance $250.00" in output.text
