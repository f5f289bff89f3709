"""Typed errors for the Clio Manage API v4.

API errors arrive as ``{"error": {"type": ..., "message": ...}}`` (clio-api.md §2); the OAuth
layer uses the flat ``{"error": ..., "error_description": ...}`` shape (§1). Both are mapped
here so callers catch a class, never parse a body.
"""

from __future__ import annotations

from typing import Any

import requests

REDACTED = "***"


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Replace every secret (token, code, client secret) that a server echoed back."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


class ClioError(Exception):
    """Anything that went wrong talking to Clio."""


class ClioTransportError(ClioError):
    """The request never got an HTTP answer (DNS, refused connection, timeout)."""


class ClioAPIError(ClioError):
    """Clio answered with an error status."""

    status_code: int = 0

    def __init__(self, *, status_code: int, error_type: str, message: str, path: str = "") -> None:
        self.status_code = status_code
        self.error_type = error_type
        self.message = message
        self.path = path
        super().__init__(f"{status_code} {error_type}: {message}" + (f" ({path})" if path else ""))


class BadRequest(ClioAPIError):
    status_code = 400


class InvalidFields(BadRequest):
    """An unknown field, or nesting deeper than one level, in ``fields`` (§2)."""


class Unauthorized(ClioAPIError):
    status_code = 401


class InvalidToken(Unauthorized):
    """Expired, revoked, malformed or wrong-region access token (§1 Errors)."""


class Forbidden(ClioAPIError):
    """Missing scope or a user role that does not allow the action (§1 Scopes)."""

    status_code = 403


class NotFound(ClioAPIError):
    status_code = 404


class Gone(ClioAPIError):
    status_code = 410


class UnsupportedVersion(Gone):
    """An invalid or retired ``X-API-VERSION`` (§2 Versioning)."""


class PreconditionFailed(ClioAPIError):
    """``If-Match`` no longer matches: someone else changed the record (§2 ETags)."""

    status_code = 412


class ValidationError(ClioAPIError):
    """422, e.g. ``ArgumentError`` for a bad value or an offset beyond the paging cap."""

    status_code = 422


class RateLimited(ClioAPIError):
    """429 after the bounded retries, or the local limiter could not get a slot in time."""

    status_code = 429

    def __init__(self, *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        super().__init__(**kwargs)


class ServerError(ClioAPIError):
    status_code = 500


class OAuthError(ClioError):
    """The token endpoint refused a grant (flat ``error``/``error_description`` body)."""

    def __init__(self, *, status_code: int, error: str, description: str) -> None:
        self.status_code = status_code
        self.error = error
        self.description = description
        super().__init__(f"{status_code} {error}: {description}")


class InvalidGrant(OAuthError):
    """Bad, expired or already used code; revoked refresh token."""


class InvalidClient(OAuthError):
    """Wrong client id or secret."""


_BY_STATUS: dict[int, type[ClioAPIError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    410: Gone,
    412: PreconditionFailed,
    422: ValidationError,
    429: RateLimited,
}

_BY_TYPE: dict[str, type[ClioAPIError]] = {
    "invalidfields": InvalidFields,
    "invalid_token": InvalidToken,
    "argumenterror": ValidationError,
}


def _json_body(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _text_excerpt(response: requests.Response, secrets: tuple[str, ...]) -> str:
    # Redacted before it is cut: a secret across the cut would leave its start behind.
    return redact(response.text or "", secrets)[:200]


def _error_parts(response: requests.Response, secrets: tuple[str, ...]) -> tuple[str, str]:
    body = _json_body(response)
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        return str(error.get("type") or ""), str(error.get("message") or "")
    if isinstance(error, str):
        # The OAuth layer's flat shape also shows up on /api/v4 for bad tokens (§1 Errors).
        return error, str(body.get("error_description") or "")
    return "", _text_excerpt(response, secrets)


def _error_class(status_code: int, error_type: str, message: str) -> type[ClioAPIError]:
    if error_type.lower() in _BY_TYPE:
        return _BY_TYPE[error_type.lower()]
    if status_code == 410 and "version" in message.lower():
        return UnsupportedVersion
    if status_code == 401:
        # Every 401 from the API means the token is no good for this request (§7.1).
        return InvalidToken
    if status_code >= 500:
        return ServerError
    return _BY_STATUS.get(status_code, ClioAPIError)


def api_error_from_response(
    response: requests.Response, *, secrets: tuple[str, ...] = (), path: str = ""
) -> ClioAPIError:
    error_type, message = _error_parts(response, secrets)
    message = redact(message, secrets)
    cls = _error_class(response.status_code, error_type, message)
    error_type = error_type or (response.reason or "Error")
    if cls is RateLimited:
        return RateLimited(
            status_code=response.status_code, error_type=error_type, message=message, path=path
        )
    return cls(status_code=response.status_code, error_type=error_type, message=message, path=path)


def oauth_error_from_response(
    response: requests.Response, *, secrets: tuple[str, ...] = ()
) -> OAuthError:
    body = _json_body(response)
    error, description = "", ""
    if isinstance(body, dict):
        raw_error = body.get("error")
        if isinstance(raw_error, dict):
            error = str(raw_error.get("type") or "")
            description = str(raw_error.get("message") or "")
        else:
            error = str(raw_error or "")
            description = str(body.get("error_description") or "")
    if not error:
        error, description = "oauth_error", _text_excerpt(response, secrets)
    description = redact(description, secrets)
    cls = {"invalid_grant": InvalidGrant, "invalid_client": InvalidClient}.get(error, OAuthError)
    return cls(status_code=response.status_code, error=error, description=description)
