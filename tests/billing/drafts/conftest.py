from datetime import UTC, datetime

import pytest
import time_machine

from billing.services.rules import billing_rules_get

# A Wednesday in the middle of the month, mid-morning in New York (the firm's zone).
NOW = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def rules(db):
    return billing_rules_get()


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    # Outbox rows are what these tests look at; nothing is handed to a broker.
    monkeypatch.setattr("integrations.tasks.outbox_message_enqueue", lambda **kwargs: None)
