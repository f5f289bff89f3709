from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import responses
import time_machine

from integrations.clio import ClioClient, ClioOAuth, ClioRateLimiter, InMemoryTokenStore, Tokens

BASE_URL = "https://clio.test"
API = f"{BASE_URL}/api/v4"


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


@pytest.fixture
def frozen_time() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(1_800_000_000, tick=False) as traveller:
        yield traveller


@pytest.fixture
def slept(frozen_time: time_machine.Coordinates) -> list[float]:
    """Sleeps the code under test asked for; each one moves the frozen clock forward."""
    return []


@pytest.fixture
def fake_sleep(
    slept: list[float], frozen_time: time_machine.Coordinates
) -> Callable[[float], None]:
    def sleep(seconds: float) -> None:
        slept.append(seconds)
        frozen_time.shift(seconds)

    return sleep


@pytest.fixture
def store() -> InMemoryTokenStore:
    return InMemoryTokenStore(
        Tokens(access_token="access-1", refresh_token="refresh-1", expires_at=None),
        connection_id="firm-1",
    )


@pytest.fixture
def oauth() -> ClioOAuth:
    return ClioOAuth(
        base_url=BASE_URL,
        client_id="client-id",
        client_secret="client-secret",
        redirect_uri="https://remit.test/integrations/clio/callback/",
    )


@pytest.fixture
def limiter(fake_sleep: Callable[[float], None]) -> ClioRateLimiter:
    return ClioRateLimiter(storage_uri="memory://", limit=45, window_seconds=60, sleep=fake_sleep)


@pytest.fixture
def client(
    store: InMemoryTokenStore,
    oauth: ClioOAuth,
    limiter: ClioRateLimiter,
    fake_sleep: Callable[[float], None],
) -> ClioClient:
    return ClioClient(
        base_url=BASE_URL, token_store=store, rate_limiter=limiter, oauth=oauth, sleep=fake_sleep
    )
