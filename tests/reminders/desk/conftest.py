import pytest
import time_machine

from tests.reminders.desk.world import NOW


@pytest.fixture(autouse=True)
def clock():
    """Every desk test runs on day 35 of an invoice sent on Monday 1 March 2027 (firm time)."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
