from datetime import UTC, datetime

import pytest
import time_machine

from tests.billing.fixtures import _no_broker, deliveries, rules  # noqa: F401

# A Wednesday mid-month, mid-morning in New York (the firm's zone): whatever day the suite runs.
NOW = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
