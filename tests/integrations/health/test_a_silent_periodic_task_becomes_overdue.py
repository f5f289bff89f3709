"""A periodic task with no successful run for three of its intervals is overdue and makes the
overall status unhealthy; a freshly started system is not overdue while its tasks get going."""

from datetime import timedelta

from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from integrations.models import PeriodicTaskHealth
from tests.integrations.health.support import BILLING, run_entry, task_rows

UPKEEP = "Clio webhook upkeep"


def run_everything_but(skipped: str) -> None:
    """Record a success for every other entry (they call Clio and LawPay; only their record
    matters here)."""
    PeriodicTaskHealth.objects.exclude(name=skipped).update(last_succeeded_at=timezone.now())


def test_a_fresh_install_is_not_overdue_in_its_first_minutes(client, firm_admin, connected):
    connected.shift(timedelta(minutes=2))
    client.force_login(firm_admin)

    rows, page = task_rows(client)

    assert {row.state for row in rows.values()} == {"waiting"}
    assert page.context["health"].healthy


def test_a_task_that_stopped_succeeding_is_overdue_after_three_intervals(
    client, firm_admin, connected
):
    run_entry(BILLING)
    run_everything_but(BILLING)
    connected.shift(timedelta(minutes=3))
    run_everything_but(BILLING)
    client.force_login(firm_admin)
    on_time, _ = task_rows(client)

    connected.shift(timedelta(seconds=1))
    rows, page = task_rows(client)

    assert on_time[BILLING].state == "ok"
    row = rows[BILLING]
    assert (row.state, row.state_label) == ("overdue", "Overdue")
    assert row.summary.startswith("No successful run for 3 minutes; it should run every 1 minute")
    assert not page.context["health"].healthy
    assert [p for p in page.context["health"].problems if p.startswith(BILLING)] == [
        f"{BILLING} — {row.summary}"
    ]
    assert "Overdue" in page.content.decode()


def test_a_task_that_never_succeeded_is_overdue_three_intervals_after_it_was_scheduled(
    client, firm_admin, connected
):
    connected.shift(timedelta(minutes=3, seconds=1))
    run_everything_but(BILLING)
    client.force_login(firm_admin)

    rows, page = task_rows(client)

    assert rows[BILLING].state == "overdue"
    assert rows[BILLING].summary.startswith("It has never succeeded in 3 minutes")
    assert not page.context["health"].healthy


def test_the_interval_an_admin_set_is_the_one_that_counts(client, firm_admin, connected):
    hourly, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.HOURS)
    PeriodicTask.objects.filter(name=BILLING).update(interval=hourly)
    connected.shift(timedelta(minutes=30))
    run_everything_but(BILLING)
    client.force_login(firm_admin)

    rows, _ = task_rows(client)

    assert rows[BILLING].state == "waiting"
    assert rows[BILLING].interval_seconds == 3600
    assert rows[UPKEEP].interval_seconds == 3600


def test_a_task_turned_off_in_the_admin_is_not_a_problem(client, firm_admin, connected):
    PeriodicTask.objects.filter(name=BILLING).update(enabled=False)
    connected.shift(timedelta(hours=1))
    run_everything_but(BILLING)
    client.force_login(firm_admin)

    rows, page = task_rows(client)

    assert rows[BILLING].state == "off"
    assert page.context["health"].healthy
