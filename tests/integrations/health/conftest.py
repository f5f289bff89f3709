from datetime import UTC, datetime

import pytest
import time_machine

from integrations.health import periodic_tasks_ensure
from integrations.models import ClioConnection, LawPayConnection, PeriodicTaskHealth

INSTALLED_AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def installed(db):
    """A system whose schedules were created at ``INSTALLED_AT``; the clock stands still there
    until a test moves it."""
    with time_machine.travel(INSTALLED_AT, tick=False) as traveller:
        PeriodicTaskHealth.objects.all().delete()
        periodic_tasks_ensure()
        yield traveller


@pytest.fixture
def connected(installed):
    """Clio and LawPay connected, so the periodic tasks are all that can make health degrade."""
    ClioConnection.objects.create(
        base_url="http://clio.test", client_id="id", client_secret="s", access_token="a",
        status=ClioConnection.Status.CONNECTED,
    )  # fmt: skip
    LawPayConnection.objects.create(
        base_url="http://lawpay.test", secret_key="k", public_key="p", operating_account_id="op",
        trust_account_id="tr", webhook_registered_url="http://remit.test/webhooks/lawpay/t/",
    )  # fmt: skip
    return installed
