import pytest
from django.test import override_settings

from integrations.clio.subscriptions import clio_webhooks_ensure
from tests.integrations.inbound.support import (
    SERVER_LOCK,
    clio_connection_make,
    enqueue_capture,
    live_server_serialized,
)


@pytest.fixture(autouse=True)
def enqueued(monkeypatch):
    return enqueue_capture(monkeypatch)


@pytest.fixture
def remit_at_live_server(clio_sandbox, live_server, monkeypatch):
    """Remit connected to the Clio emulator, its public URL the live test server."""
    with live_server_serialized(monkeypatch, emulator_url=clio_sandbox.base_url):
        with SERVER_LOCK:
            clio_connection_make(clio_sandbox.base_url)
        with override_settings(REMIT_PUBLIC_URL=live_server.url):
            yield clio_sandbox


@pytest.fixture
def ensure():
    """``clio_webhooks_ensure`` while the live server waits (its handshakes come after)."""

    def run(**kwargs):
        with SERVER_LOCK:
            return clio_webhooks_ensure(**kwargs)

    return run
