"""A task's outcome never depends on its health record: when writing it fails, the task still
runs and returns, and the database stays usable for the task and its caller."""

from django.db import OperationalError, connection

from integrations.models import PeriodicTaskHealth
from tests.integrations.health.support import BILLING, run_entry


def refuse_health_writes(execute, sql, params, many, context):
    if "periodictaskhealth" in sql.lower():
        raise OperationalError("database is locked")
    return execute(sql, params, many, context)


def test_the_task_succeeds_when_its_health_cannot_be_written(installed, caplog):
    with connection.execute_wrapper(refuse_health_writes):
        result = run_entry(BILLING)

    assert result.successful()
    assert result.result["drafts_created"] == 0
    assert "could not record that periodic task" in caplog.text
    assert PeriodicTaskHealth.objects.get(name=BILLING).last_started_at is None
