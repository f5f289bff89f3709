from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import override_settings

from integrations.clio.connection import clio_rate_limiter
from tests.contract.clio_openapi import SpecMissing, clio_spec, operation_find
from tests.contract.recording import SentRequest, clio_requests_recorded
from tests.integrations.inbound.support import clio_connection_make, enqueue_capture


@pytest.fixture(scope="session", autouse=True)
def _clio_spec_loaded() -> None:
    try:
        clio_spec()
    except SpecMissing as exc:
        pytest.skip(str(exc))


@pytest.fixture
def clio_requests() -> Iterator[list[SentRequest]]:
    """Every request Remit's Clio client sends during the test."""
    with clio_requests_recorded() as sent:
        yield sent


@pytest.fixture
def clio(clio_sandbox, db, monkeypatch):
    """Remit connected to the Clio emulator (real sockets), with no broker and no throttling."""
    enqueue_capture(monkeypatch)
    clio_connection_make(clio_sandbox.base_url)
    with override_settings(CLIO_RATE_LIMIT=100_000):
        yield clio_sandbox
    clio_rate_limiter.cache_clear()


def templates(sent: list[SentRequest]) -> set[str]:
    """``METHOD /template`` of each recorded request, to show which operations were covered."""
    out = set()
    for request in sent:
        found = operation_find(request.method, request.path.removeprefix("/api/v4"))
        out.add(f"{request.method} {found[0] if isinstance(found, tuple) else request.path}")
    return out
