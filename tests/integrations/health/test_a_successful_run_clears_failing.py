"""A task that failed and then ran successfully is no longer failing; its last failure stays
on the page for reference."""

from datetime import timedelta

from django.utils import timezone

from tests.integrations.health.support import BILLING, run_entry, task_rows


def test_the_next_successful_run_clears_the_failure(client, firm_admin, installed, monkeypatch):
    def fail(**_):
        raise RuntimeError("database is locked")

    with monkeypatch.context() as patched:
        patched.setattr("billing.tasks.billing_evaluate_due", fail)
        run_entry(BILLING)
    failed_at = timezone.now()
    installed.shift(timedelta(minutes=1))
    run_entry(BILLING)
    client.force_login(firm_admin)

    rows, page = task_rows(client)

    row = rows[BILLING]
    assert row.state == "ok"
    assert row.last_succeeded_at == failed_at + timedelta(minutes=1)
    assert row.last_failed_at == failed_at
    assert not any(p.startswith(BILLING) for p in page.context["health"].problems)
