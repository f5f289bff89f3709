"""A periodic task whose last run failed is listed as failing, with its error, on the health
page and in the API, and the overall status is no longer healthy."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from tests.integrations.health.support import BILLING, run_entry, task_rows


@pytest.fixture
def evaluation_fails(monkeypatch):
    def fail(**_):
        raise RuntimeError("rule 3 has no threshold")

    monkeypatch.setattr("billing.tasks.billing_evaluate_due", fail)


def test_a_healthy_install_turns_unhealthy_when_a_task_fails(
    client, firm_admin, connected, evaluation_fails
):
    client.force_login(firm_admin)
    _, before = task_rows(client)

    run_entry(BILLING)
    rows, page = task_rows(client)

    assert before.context["health"].healthy
    assert "Everything is connected and flowing." in before.content.decode()
    row = rows[BILLING]
    assert (row.state, row.state_label) == ("failing", "Failing")
    assert row.last_failed_at == timezone.now()
    assert row.last_succeeded_at is None
    assert row.last_error == "RuntimeError: rule 3 has no threshold"
    assert not page.context["health"].healthy
    assert any(p.startswith(BILLING) and "rule 3 has no threshold" in p
               for p in page.context["health"].problems)  # fmt: skip
    assert "Everything is connected and flowing." not in page.content.decode()
    assert "rule 3 has no threshold" in page.content.decode()


def test_the_api_shows_the_failing_task(client, firm_admin, installed, evaluation_fails):
    run_entry(BILLING)
    token = Token.objects.create(user=firm_admin)

    body = client.get("/api/v1/health/", HTTP_AUTHORIZATION=f"Token {token.key}").json()

    row = next(t for t in body["periodic_tasks"] if t["name"] == BILLING)
    assert row["state"] == "failing"
    assert row["last_error"] == "RuntimeError: rule 3 has no threshold"
    assert body["healthy"] is False


def test_each_schedule_entry_of_a_shared_task_is_tracked_on_its_own(
    client, firm_admin, installed, monkeypatch
):
    def relay(*, queue):
        if queue == "lawpay":
            raise ConnectionError("LawPay unreachable")
        return 0

    monkeypatch.setattr("integrations.outbox.relay.outbox_relay", relay)
    for name in ("Outbox relay (Clio)", "Outbox relay (LawPay)", "Outbox relay (other)"):
        run_entry(name)
    installed.shift(timedelta(seconds=30))
    client.force_login(firm_admin)

    rows, _ = task_rows(client)

    assert rows["Outbox relay (LawPay)"].state == "failing"
    assert rows["Outbox relay (Clio)"].state == "ok"
    assert rows["Outbox relay (other)"].state == "ok"
