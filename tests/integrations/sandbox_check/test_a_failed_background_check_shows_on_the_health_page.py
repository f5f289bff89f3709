"""A check run by the worker that fails (here: LawPay is down) fails its task, and the
integration health page says so, naming the check and the reason, until a run passes."""

from integrations import tasks
from integrations.models import SandboxCheckRun
from integrations.sandbox_check.records import sandbox_check_create
from tests.integrations.sandbox_check.conftest import connect


def _run_in_worker(user):
    run = sandbox_check_create(user=user, origin="page")
    tasks.sandbox_check.apply(
        kwargs={"run_id": run.pk, "user_id": user.pk},
        headers={"periodic_task_name": tasks.SANDBOX_CHECK_HEALTH_NAME},
    )
    return SandboxCheckRun.objects.get(pk=run.pk)


def test_the_health_page_shows_the_failed_check(
    db, clio_sandbox, lawpay_sandbox_factory, firm_admin, client
):
    lawpay = lawpay_sandbox_factory()
    settings = connect(clio=clio_sandbox, lawpay=lawpay, username=firm_admin.username)
    lawpay.stop()
    try:
        run = _run_in_worker(firm_admin)
    finally:
        settings.disable()

    assert run.status == SandboxCheckRun.Status.FAILED
    client.force_login(firm_admin)
    html = client.get("/integrations/health/").content.decode()
    assert "Sandbox check" in html
    assert f"Sandbox check #{run.pk} failed: (b) LawPay at {lawpay.base_url} is unreachable" in html
