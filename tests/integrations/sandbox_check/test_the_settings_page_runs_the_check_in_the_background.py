"""The connections page's button queues a run for a worker once it commits; the page shows the
run's progress and polls it while it runs, and shows each check's result when it is done."""

import pytest

from integrations import tasks
from integrations.models import SandboxCheckRun
from tests.integrations.sandbox_check.conftest import passing_run_recorded


@pytest.fixture
def sent(monkeypatch):
    """The runs handed to Celery, run in this process as the worker would."""
    runs = []

    def send(*, run):
        runs.append(run.pk)
        tasks.sandbox_check.apply(
            kwargs={"run_id": run.pk, "user_id": run.started_by_id},
            headers={"periodic_task_name": tasks.SANDBOX_CHECK_HEALTH_NAME},
        )

    monkeypatch.setattr(tasks, "sandbox_check_send", send)
    return runs


def test_the_button_runs_the_check_in_a_worker_and_the_page_shows_it(
    sandbox, admin_client, firm_admin, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/integrations/sandbox-check/", follow=True)

    run = SandboxCheckRun.objects.get()
    assert sent == [run.pk]
    assert f"Sandbox check #{run.pk} started" in response.content.decode()
    assert run.passed and run.started_by == firm_admin and run.origin == "page"
    html = admin_client.get(f"/integrations/sandbox-check/{run.pk}/").content.decode()
    assert html.count("PASS</span>") == 4
    assert "hx-trigger" not in html
    assert (
        "live keys may be switched on"
        in admin_client.get("/integrations/connections/").content.decode()
    )


def test_nothing_is_sent_before_the_run_commits(sandbox, admin_client, sent):
    admin_client.post("/integrations/sandbox-check/")

    assert SandboxCheckRun.objects.get().status == SandboxCheckRun.Status.QUEUED
    assert sent == []


def test_a_run_in_progress_is_polled_and_a_finished_one_is_not(sandbox, admin_client):
    queued = SandboxCheckRun.objects.create(origin="page", fingerprint="-", results=[])
    html = admin_client.get("/integrations/connections/").content.decode()
    assert f'hx-get="/integrations/sandbox-check/{queued.pk}/" hx-trigger="every 2s"' in html
    assert "waiting for a worker" in html

    finished = passing_run_recorded()
    html = admin_client.get(f"/integrations/sandbox-check/{finished.pk}/").content.decode()
    assert "hx-trigger" not in html
    assert "Passed" in html
