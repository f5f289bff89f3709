"""Clio Manage OAuth 2.0: authorize URL, code exchange, refresh, deauthorize (clio-api.md §1).

The token endpoint takes form-encoded bodies. There is no ``scope`` parameter for Manage:
permissions are chosen on the developer application.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import requests

from integrations.clio.errors import (
    ClioTransportError,
    api_error_from_response,
    oauth_error_from_response,
)
from integrations.clio.tokens import Tokens, tokens_from_response

DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 30.0)


def oauth_state_new() -> str:
    """An unguessable ``state`` to bind the callback to the browser session that started it."""
    return secrets.token_urlsafe(32)


class ClioOAuth:
    def __init__(
        self,
        *,
        base_url: str,
        client_id: str,
        client_secret: str,
        redirect_uri: str,
        session: requests.Session | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.client_id = client_id
        self._client_secret = client_secret
        self.redirect_uri = redirect_uri
        self._session = session or requests.Session()
        self._timeout = timeout
        self._clock = clock

    def __repr__(self) -> str:
        return f"ClioOAuth(base_url={self.base_url!r}, client_id={self.client_id!r})"

    def authorize_url(self, *, state: str, redirect_on_decline: bool = True) -> str:
        """Where to send the admin's browser; Clio comes back with ``code`` and ``state``.

        ``redirect_on_decline`` makes a refusal come back as ``error=access_denied`` instead
        of stranding the user on a Clio page.
        """
        params = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": self.redirect_uri,
            "state": state,
        }
        if redirect_on_decline:
            params["redirect_on_decline"] = "true"
        return f"{self.base_url}/oauth/authorize?{urlencode(params)}"

    def exchange_code(self, *, code: str) -> Tokens:
        body = self._token_request(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": self.redirect_uri,
            },
            secrets=(code,),
        )
        return tokens_from_response(body, now=self._clock())

    def refresh(self, *, tokens: Tokens) -> Tokens:
        body = self._token_request(
            {"grant_type": "refresh_token", "refresh_token": tokens.refresh_token},
            secrets=tokens.secrets(),
        )
        return tokens_from_response(body, now=self._clock(), previous=tokens)

    def deauthorize(self, *, tokens: Tokens) -> None:
        """Revoke the grant (the admin disconnects Clio)."""
        response = self._post(
            "/oauth/deauthorize",
            data={"token": tokens.access_token},
            headers={"Authorization": f"Bearer {tokens.access_token}"},
        )
        if response.status_code >= 400:
            raise api_error_from_response(
                response, secrets=tokens.secrets(), path="/oauth/deauthorize"
            )

    def _token_request(self, form: dict[str, str], *, secrets: tuple[str, ...]) -> dict[str, Any]:
        form = {**form, "client_id": self.client_id, "client_secret": self._client_secret}
        response = self._post("/oauth/token", data=form)
        if response.status_code != 200:
            raise oauth_error_from_response(response, secrets=(*secrets, self._client_secret))
        body = response.json()
        if not isinstance(body, dict) or "access_token" not in body:
            raise oauth_error_from_response(response, secrets=(*secrets, self._client_secret))
        return body

    def _post(
        self, path: str, *, data: dict[str, str], headers: dict[str, str] | None = None
    ) -> requests.Response:
        try:
            return self._session.post(
                f"{self.base_url}{path}", data=data, headers=headers, timeout=self._timeout
            )
        except requests.RequestException as exc:
            # requests' message can include the URL but never the form body; still keep it short.
            raise ClioTransportError(f"POST {path} failed: {type(exc).__name__}") from exc
