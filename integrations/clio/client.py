"""Clio Manage API v4 client (clio-api.md §2 to §4).

One ``ClioClient`` per worker thread (it owns a ``requests.Session``); every client of one
connection shares the token store and the ``ClioRateLimiter``.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import requests

from integrations.clio.errors import (
    ClioTransportError,
    InvalidToken,
    RateLimited,
    api_error_from_response,
)
from integrations.clio.fields import FieldSpec, fields_encode
from integrations.clio.oauth import DEFAULT_TIMEOUT, ClioOAuth
from integrations.clio.ratelimit import ClioRateLimiter, retry_after_seconds
from integrations.clio.tokens import Tokens, TokenStore

logger = logging.getLogger(__name__)

API_VERSION = "4.0.13"
API_PREFIX = "/api/v4/"
MAX_PAGE_SIZE = 200
# A 5xx or a timeout is retried only where repeating the call cannot do the work twice. A POST
# (a note, a communication) may have been stored before the answer was lost, so it is left to
# the outbox, whose handlers look for their own earlier result before creating again.
RETRYABLE_METHODS = frozenset({"GET", "HEAD", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Record:
    data: dict[str, Any]
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Page:
    records: list[dict[str, Any]]
    next_url: str | None = field(default=None)


class ClioClient:
    def __init__(
        self,
        *,
        base_url: str,
        token_store: TokenStore,
        rate_limiter: ClioRateLimiter,
        oauth: ClioOAuth | None = None,
        api_version: str = API_VERSION,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        max_rate_limit_retries: int = 3,
        max_server_retries: int = 3,
        backoff_base_seconds: float = 0.5,
        backoff_max_seconds: float = 8.0,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_version = api_version
        self._store = token_store
        self._limiter = rate_limiter
        self._oauth = oauth
        self._timeout = timeout
        self._max_rate_limit_retries = max_rate_limit_retries
        self._max_server_retries = max_server_retries
        self._backoff_base = backoff_base_seconds
        self._backoff_max = backoff_max_seconds
        self._sleep = sleep
        self._session = session or requests.Session()

    def __repr__(self) -> str:
        return f"ClioClient(base_url={self.base_url!r}, api_version={self.api_version!r})"

    # Reading

    def get(
        self, path: str, *, fields: FieldSpec | None = None, params: Mapping[str, Any] | None = None
    ) -> Record:
        response = self.request("GET", path, params=_params(fields, params))
        return _record(response)

    def get_if_changed(
        self,
        path: str,
        *,
        etag: str,
        fields: FieldSpec | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> Record | None:
        """The record, or ``None`` when Clio answers 304 because ``etag`` is still current."""
        response = self.request(
            "GET", path, params=_params(fields, params), headers={"If-None-Match": etag}
        )
        if response.status_code == 304:
            return None
        return _record(response)

    def list(
        self,
        path: str,
        *,
        fields: FieldSpec | None = None,
        params: Mapping[str, Any] | None = None,
        updated_since: datetime | None = None,
        limit: int = MAX_PAGE_SIZE,
    ) -> Iterator[dict[str, Any]]:
        """Every record of an index, following cursor pages until ``meta.paging.next`` is gone."""
        for page in self.pages(
            path, fields=fields, params=params, updated_since=updated_since, limit=limit
        ):
            yield from page.records

    def pages(
        self,
        path: str,
        *,
        fields: FieldSpec | None = None,
        params: Mapping[str, Any] | None = None,
        updated_since: datetime | None = None,
        limit: int = MAX_PAGE_SIZE,
    ) -> Iterator[Page]:
        """Cursor paging (clio-api.md §2): ``order=id(asc)``, no ``offset``, strictly serial."""
        if not 1 <= limit <= MAX_PAGE_SIZE:
            raise ValueError(f"limit must be 1..{MAX_PAGE_SIZE}")
        first = {"order": "id(asc)", "limit": limit, **_params(fields, params)}
        if updated_since is not None:
            first["updated_since"] = _iso_utc(updated_since)
        if "offset" in first:
            raise ValueError("cursor paging cannot use offset")
        url: str | None = path
        query: dict[str, Any] | None = first
        while url is not None:
            body = self.request("GET", url, params=query).json()
            # The next URL already carries every parameter plus page_token.
            url, query = _next_url(body), None
            yield Page(records=list(body.get("data") or []), next_url=url)

    # Writing

    def create(
        self, path: str, *, data: Mapping[str, Any], fields: FieldSpec | None = None
    ) -> Record:
        response = self.request("POST", path, params=_params(fields, None), json={"data": data})
        return _record(response)

    def patch(
        self,
        path: str,
        *,
        data: Mapping[str, Any],
        fields: FieldSpec | None = None,
        if_match: str | None = None,
    ) -> Record:
        """Update; with ``if_match`` a concurrent change raises ``PreconditionFailed`` (412)."""
        headers = {"If-Match": if_match} if if_match else None
        response = self.request(
            "PATCH", path, params=_params(fields, None), json={"data": data}, headers=headers
        )
        return _record(response)

    def delete(self, path: str) -> None:
        self.request("DELETE", path)

    def webhook_activate(self, *, webhook_id: int, hook_secret: str) -> None:
        """The delayed handshake (clio-api.md §4): confirm a webhook after the fact."""
        self.request(
            "PUT", f"webhooks/{webhook_id}/activate", headers={"X-Hook-Secret": hook_secret}
        )

    # Transport

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """Send one API call: rate-limited, refreshed once on 401, retried after 429, and (for
        idempotent methods) retried with backoff after a 5xx or a transport failure."""
        url = self._url(path)
        key = self._store.connection_id
        tokens = self._fresh_tokens()
        refreshed = False
        rate_limited = 0
        failures = 0
        retryable = method.upper() in RETRYABLE_METHODS
        while True:
            self._limiter.acquire(key)
            try:
                response = self._send(
                    method, url, tokens, params=params, json=json, headers=headers
                )
            except ClioTransportError:
                if not retryable or failures >= self._max_server_retries:
                    raise
                failures += 1
                self._sleep(self._backoff(failures))
                continue
            self._limiter.observe(key, response.headers)
            if response.status_code >= 500 and retryable and failures < self._max_server_retries:
                failures += 1
                self._sleep(self._backoff(failures))
                continue
            if response.status_code == 429:
                # Pause even when giving up, so the other workers on this connection back off.
                self._limiter.pause(key, self._retry_after(response))
                if rate_limited < self._max_rate_limit_retries:
                    rate_limited += 1
                    continue
            if response.status_code == 401 and not refreshed and self._oauth is not None:
                # Exactly one refresh per call: a second 401 is a revoked grant, not a stale token.
                refreshed = True
                tokens = self._refresh(stale=tokens)
                continue
            if response.status_code >= 400:
                raise self._error(response, tokens, path)
            return response

    def _send(
        self,
        method: str,
        url: str,
        tokens: Tokens,
        *,
        params: Mapping[str, Any] | None,
        json: Any,
        headers: Mapping[str, str] | None,
    ) -> requests.Response:
        all_headers = {
            "Authorization": f"Bearer {tokens.access_token}",
            "X-API-VERSION": self.api_version,
            "Accept": "application/json",
            **(headers or {}),
        }
        started = time.monotonic()
        try:
            response = self._session.request(
                method, url, params=params, json=json, headers=all_headers, timeout=self._timeout
            )
        except requests.RequestException as exc:
            raise ClioTransportError(
                f"{method} {urlsplit(url).path}: {type(exc).__name__}"
            ) from exc
        logger.debug(
            "clio %s %s -> %s in %.0f ms",
            method,
            urlsplit(url).path,
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        return response

    def _backoff(self, failures: int) -> float:
        """Exponential, capped, with full jitter so workers that failed together spread out."""
        ceiling = min(self._backoff_max, self._backoff_base * 2 ** (failures - 1))
        return random.uniform(0, ceiling)  # noqa: S311 - jitter, not a secret

    def _retry_after(self, response: requests.Response) -> float:
        seconds = retry_after_seconds(response.headers, now=time.time())
        # No header at all: wait a whole window, the most the limit can require.
        return seconds if seconds is not None else float(self._limiter.window_seconds)

    def _fresh_tokens(self) -> Tokens:
        tokens = self._store.load()
        if self._oauth is not None and tokens.is_expired(now=time.time()):
            return self._refresh(stale=tokens)
        return tokens

    def _refresh(self, *, stale: Tokens) -> Tokens:
        with self._store.refresh_lock():
            current = self._store.load()
            if current.access_token != stale.access_token:
                # Another worker refreshed while this one waited for the lock: reuse its token.
                return current
            if self._oauth is None:
                raise InvalidToken(
                    status_code=401, error_type="invalid_token", message="no OAuth app to refresh"
                )
            tokens = self._oauth.refresh(tokens=current)
            self._store.save(tokens)
            logger.info("clio: refreshed access token for connection %s", self._store.connection_id)
            return tokens

    def _error(self, response: requests.Response, tokens: Tokens, path: str) -> Exception:
        error = api_error_from_response(
            response, secrets=tokens.secrets(), path=urlsplit(self._url(path)).path
        )
        if isinstance(error, RateLimited):
            error.retry_after = retry_after_seconds(response.headers, now=time.time())
        if response.status_code == 401 and not isinstance(error, InvalidToken):
            return InvalidToken(
                status_code=401, error_type=error.error_type, message=error.message, path=error.path
            )
        return error

    def _url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            # Paging links come from Clio; never send the bearer token to another host.
            if _origin(path) != _origin(self.base_url):
                raise ValueError(f"refusing to follow a link to {_origin(path)}")
            return path
        path = path.lstrip("/")
        if path.startswith(API_PREFIX.lstrip("/")):
            return f"{self.base_url}/{path}"
        return f"{self.base_url}{API_PREFIX}{path}"


def _params(fields: FieldSpec | None, params: Mapping[str, Any] | None) -> dict[str, Any]:
    merged = dict(params or {})
    if fields is not None:
        merged["fields"] = fields_encode(fields)
    return merged


def _record(response: requests.Response) -> Record:
    body = response.json() if response.content else {}
    data = body.get("data") if isinstance(body, dict) else None
    data = data if isinstance(data, dict) else {}
    return Record(
        data=data,
        etag=response.headers.get("ETag") or data.get("etag"),
        last_modified=response.headers.get("Last-Modified"),
    )


def _next_url(body: Any) -> str | None:
    if not isinstance(body, dict):
        return None
    paging = (body.get("meta") or {}).get("paging") or {}
    return paging.get("next") or None


def _iso_utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("updated_since must be timezone-aware")
    return moment.astimezone(UTC).isoformat()


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc
