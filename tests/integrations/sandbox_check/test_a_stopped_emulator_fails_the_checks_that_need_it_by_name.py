"""An emulator that is not running fails, by name, the checks that need it, with the reason
(connection refused) and no traceback; the command exits non-zero and the run is recorded as
failed."""

from integrations.models import SandboxCheckRun
from tests.integrations.sandbox_check.conftest import connect, sandbox_check


def test_a_stopped_lawpay_fails_the_link_payment_and_trust_checks(
    db, clio_sandbox, lawpay_sandbox_factory, firm_admin
):
    lawpay = lawpay_sandbox_factory()
    settings = connect(clio=clio_sandbox, lawpay=lawpay, username=firm_admin.username)
    lawpay.stop()
    try:
        output = sandbox_check(firm_admin.username)
    finally:
        settings.disable()

    assert output.code != 0
    assert "PASS (a)" in output.text
    for key in "bcd":
        assert f"FAIL ({key})" in output.text
    assert f"reason: LawPay at {lawpay.base_url} is unreachable (connection refused)." in (
        output.text
    )
    assert "Traceback" not in output.text
    run = SandboxCheckRun.objects.get()
    assert not run.passed and run.status == SandboxCheckRun.Status.FAILED
    assert [r["status"] for r in run.results] == ["pass", "fail", "fail", "fail"]


def test_a_stopped_clio_fails_every_check_naming_clio(
    db, clio_sandbox_factory, lawpay_sandbox, firm_admin
):
    clio = clio_sandbox_factory(
        CLIO_SANDBOX_REDIRECT_URIS="http://127.0.0.1:8000/integrations/clio/callback/"
    )
    settings = connect(clio=clio, lawpay=lawpay_sandbox, username=firm_admin.username)
    clio.stop()
    try:
        output = sandbox_check(firm_admin.username)
    finally:
        settings.disable()

    assert output.code != 0
    for key in "abcd":
        assert f"FAIL ({key})" in output.text
    assert output.text.count(f"Clio at {clio.base_url} is unreachable (connection refused)") == 4
    assert "Traceback" not in output.text
