"""OAuth tokens and where they live.

Remit will back ``TokenStore`` with an encrypted Django model (engineering-anchors §5); the client
only needs ``load``/``save`` and a lock held while refreshing, so two workers never refresh the
same connection at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from integrations.clio.errors import REDACTED


@dataclass(frozen=True)
class Tokens:
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_at: float | None = None
    token_type: str = "bearer"  # noqa: S105 - the OAuth token type, not a secret

    def __repr__(self) -> str:
        return (
            f"Tokens(access_token={REDACTED!r}, refresh_token={REDACTED!r}, "
            f"expires_at={self.expires_at!r}, token_type={self.token_type!r})"
        )

    __str__ = __repr__

    def is_expired(self, *, now: float, leeway: float = 60.0) -> bool:
        return self.expires_at is not None and now >= self.expires_at - leeway

    def secrets(self) -> tuple[str, ...]:
        return (self.access_token, self.refresh_token)


def tokens_from_response(
    body: Mapping[str, Any], *, now: float, previous: Tokens | None = None
) -> Tokens:
    """Build tokens from a token-endpoint answer.

    Manage refresh answers may omit ``refresh_token`` (it does not rotate, clio-api.md §1):
    keep the old one then. ``expires_in`` is always read, never assumed.
    """
    refresh_token = body.get("refresh_token") or (previous.refresh_token if previous else "")
    expires_in = body.get("expires_in")
    return Tokens(
        access_token=str(body["access_token"]),
        refresh_token=str(refresh_token),
        expires_at=now + float(expires_in) if expires_in is not None else None,
        token_type=str(body.get("token_type") or "bearer"),
    )


class TokenStore(Protocol):
    """Where one Clio connection's tokens are kept."""

    @property
    def connection_id(self) -> str:
        """Stable id of the connection; keys the shared rate limiter (the limit is per token)."""
        ...

    def load(self) -> Tokens: ...

    def save(self, tokens: Tokens) -> None: ...

    def refresh_lock(self) -> AbstractContextManager[None]:
        """Held while refreshing; across processes in production (e.g. SELECT FOR UPDATE)."""
        ...


class InMemoryTokenStore:
    """Thread-safe store for tests and scripts."""

    def __init__(self, tokens: Tokens, *, connection_id: str = "default") -> None:
        self._tokens = tokens
        self._connection_id = connection_id
        self._lock = threading.Lock()
        self.saves = 0

    def __repr__(self) -> str:
        return f"InMemoryTokenStore(connection_id={self._connection_id!r})"

    @property
    def connection_id(self) -> str:
        return self._connection_id

    def load(self) -> Tokens:
        return self._tokens

    def save(self, tokens: Tokens) -> None:
        self._tokens = tokens
        self.saves += 1

    @contextmanager
    def refresh_lock(self) -> Iterator[None]:
        with self._lock:
            yield
