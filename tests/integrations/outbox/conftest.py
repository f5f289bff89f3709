import pytest

from tests.integrations.inbound.support import enqueue_capture


@pytest.fixture(autouse=True)
def enqueued(monkeypatch):
    """No broker in these tests: hand-offs are recorded, and tests process explicitly."""
    return enqueue_capture(monkeypatch)
