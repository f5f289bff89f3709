from datetime import UTC, datetime

import pytest
import time_machine

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _december_2026():
    """Every reconciliation here is of November 2026, done a few days after it ended."""
    with time_machine.travel(datetime(2026, 12, 3, 15, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def reconciler(db):
    """The firm's admin, who holds ``trust.reconcile_trust``."""
    return UserFactory(username="ada", role="Admin")
