"""Remit connected to a fresh Clio emulator, over real sockets (tokens from the control API)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
import requests
from django.test import override_settings
from django.utils import timezone

from integrations.clio.connection import clio_rate_limiter
from integrations.models import ClioConnection


@dataclass
class Clio:
    base_url: str

    def control(self, method: str, path: str, **json) -> dict:
        response = requests.request(
            method, f"{self.base_url}/_sandbox/{path}", json=json or None, timeout=30
        )
        response.raise_for_status()
        return response.json() if response.content else {}

    def api(self, path: str, **params) -> dict:
        """Read the emulator's own view (with a token of its own), to compare counts."""
        token = self.control("POST", "token")["access_token"]
        response = requests.get(
            f"{self.base_url}/api/v4/{path}",
            params=params,
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()

    def count(self, resource: str) -> int:
        return self.api(f"{resource}.json", limit=1)["meta"]["records"]


@pytest.fixture
def clio(clio_sandbox, db) -> Iterator[Clio]:
    """The demo firm, and Remit's ClioConnection pointing at it (no browser needed)."""
    emulator = Clio(base_url=clio_sandbox.base_url)
    tokens = emulator.control("POST", "token")
    ClioConnection.objects.create(
        base_url=clio_sandbox.base_url,
        client_id="remit-sandbox-client",
        client_secret="remit-sandbox-secret",
        access_token=tokens["access_token"],
        refresh_token=tokens.get("refresh_token", ""),
        token_expires_at=timezone.now() + timedelta(seconds=tokens["expires_in"]),
        status=ClioConnection.Status.CONNECTED,
    )
    # The limiter is per process and per connection row; tests reuse row ids, so give each
    # test a fresh one that never throttles the suite (the client's own tests cover it).
    clio_rate_limiter.cache_clear()
    with override_settings(CLIO_RATE_LIMIT=100_000):
        yield emulator
    clio_rate_limiter.cache_clear()


@pytest.fixture
def api_calls(monkeypatch) -> list[str]:
    """Every request Remit sends to Clio's /api/v4 during the test, by path."""
    sent: list[str] = []
    original = requests.Session.request

    def request(self, method, url, *args, **kwargs):
        # Only Remit's client sends the version header; the tests' own reads do not count.
        if "/api/v4/" in url and "X-API-VERSION" in (kwargs.get("headers") or {}):
            sent.append(f"{method} {url.split('?')[0]}")
        return original(self, method, url, *args, **kwargs)

    monkeypatch.setattr(requests.Session, "request", request)
    return sent
