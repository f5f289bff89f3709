"""Remit's side of the Clio connection: tokens in the database, the OAuth dance, the client.

The client package (client.py, oauth.py, …) knows nothing of Django; this module backs its
``TokenStore`` with the encrypted ``ClioConnection`` row and builds clients for workers.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from integrations.clio.client import ClioClient
from integrations.clio.oauth import ClioOAuth
from integrations.clio.ratelimit import ARRIVAL_MARGIN_SECONDS, ClioRateLimiter
from integrations.clio.tokens import Tokens
from integrations.models import ClioConnection


class NotConnected(Exception):
    """Clio is not connected (or the grant was revoked): an admin must connect it."""


class ConnectionTokenStore:
    """``TokenStore`` over the ``ClioConnection`` row; its refresh lock is a row lock."""

    def __init__(self, connection_pk: int) -> None:
        self._pk = connection_pk

    @property
    def connection_id(self) -> str:
        return f"clio-connection-{self._pk}"

    def load(self) -> Tokens:
        connection = ClioConnection.objects.get(pk=self._pk)
        if not connection.access_token:
            raise NotConnected("Clio is not connected.")
        return Tokens(
            access_token=connection.access_token,
            refresh_token=connection.refresh_token,
            expires_at=connection.token_expires_at.timestamp()
            if connection.token_expires_at
            else None,
        )

    def save(self, tokens: Tokens) -> None:
        ClioConnection.objects.filter(pk=self._pk).update(
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            token_expires_at=_expiry(tokens),
            updated_at=timezone.now(),
        )

    @contextmanager
    def refresh_lock(self) -> Iterator[None]:
        # Two workers refreshing one grant at once could invalidate each other's token
        # (engineering-anchors.md §5): the second waits here, then reuses the first's token.
        with transaction.atomic():
            ClioConnection.objects.select_for_update().filter(pk=self._pk).first()
            yield


def _expiry(tokens: Tokens) -> datetime | None:
    if tokens.expires_at is None:
        return None
    return datetime.fromtimestamp(tokens.expires_at, tz=UTC)


@lru_cache(maxsize=1)
def clio_rate_limiter() -> ClioRateLimiter:
    """One limiter per process, sharing its counts through Redis when there is one."""
    return ClioRateLimiter(
        storage_uri=settings.REDIS_URL or "memory://",
        limit=settings.CLIO_RATE_LIMIT,
        window_seconds=settings.CLIO_RATE_WINDOW_SECONDS,
        arrival_margin_seconds=ARRIVAL_MARGIN_SECONDS,
    )


def clio_oauth(*, connection: ClioConnection, redirect_uri: str = "") -> ClioOAuth:
    return ClioOAuth(
        base_url=connection.base_url,
        client_id=connection.client_id,
        client_secret=connection.client_secret,
        # Only the code exchange needs it; refresh and deauthorize do not.
        redirect_uri=redirect_uri,
    )


def clio_client() -> ClioClient:
    connection = ClioConnection.objects.filter(status=ClioConnection.Status.CONNECTED).first()
    if connection is None:
        raise NotConnected("Clio is not connected.")
    return ClioClient(
        base_url=connection.base_url,
        token_store=ConnectionTokenStore(connection.pk),
        rate_limiter=clio_rate_limiter(),
        oauth=clio_oauth(connection=connection),
        api_version=settings.CLIO_API_VERSION,
    )


def clio_connection_start(*, client_id: str, client_secret: str) -> ClioConnection:
    """Record the app credentials an admin entered; the OAuth redirect follows."""
    connection, _ = ClioConnection.objects.get_or_create(
        singleton=True,
        defaults={"base_url": settings.CLIO_BASE_URL, "client_id": client_id,
                  "client_secret": client_secret},
    )  # fmt: skip
    connection.base_url = settings.CLIO_BASE_URL
    connection.client_id = client_id
    if client_secret:
        connection.client_secret = client_secret
    connection.save()
    return connection


def clio_connection_finish(*, user, code: str, redirect_uri: str) -> ClioConnection:
    """Exchange the authorization code, store the tokens, and learn who we are in Clio."""
    connection = ClioConnection.objects.get(singleton=True)
    tokens = clio_oauth(connection=connection, redirect_uri=redirect_uri).exchange_code(code=code)
    connection.access_token = tokens.access_token
    connection.refresh_token = tokens.refresh_token
    connection.token_expires_at = _expiry(tokens)
    connection.status = ClioConnection.Status.CONNECTED
    connection.connected_by = user
    connection.connected_at = timezone.now()
    connection.save()
    me = clio_client().get("users/who_am_i", fields=["id", "name"])
    ClioConnection.objects.filter(pk=connection.pk).update(clio_user_name=me.data.get("name", ""))
    connection.refresh_from_db()
    # The caller starts the first sync (integrations.clio.tasks.clio_connected_sync_start):
    # the tasks sit above this module.
    return connection


def clio_connection_disconnect(*, user) -> None:
    """Revoke the grant at Clio (best effort) and forget the tokens either way."""
    connection = ClioConnection.objects.filter(singleton=True).first()
    if connection is None or not connection.access_token:
        return
    try:
        clio_oauth(connection=connection).deauthorize(
            tokens=ConnectionTokenStore(connection.pk).load()
        )
    finally:
        connection.access_token = ""
        connection.refresh_token = ""
        connection.token_expires_at = None
        connection.status = ClioConnection.Status.DISCONNECTED
        connection.connected_by = user
        connection.save()
