"""OAuth 2.0 authorization-code flow at /oauth (reference §1).

Codes live 10 minutes and are single use; refresh tokens never expire and are reused (no new
refresh token on refresh); deauthorize revokes the whole grant. OAuth errors use the flat
``{"error", "error_description"}`` shape, not the API's error envelope.
"""

from __future__ import annotations

import base64
import html
import secrets
import time
from urllib.parse import urlencode, urlsplit, urlunsplit

from flask import Blueprint, Response, current_app, jsonify, redirect, request
from werkzeug.wrappers import Response as BaseResponse

from .store import Store

CODE_LIFETIME_SECONDS = 600
EXPIRED_OR_REVOKED = (
    "The access token provided is expired, revoked, malformed or invalid for other reasons."
)

bp = Blueprint("oauth", __name__)


def _emulator():
    return current_app.config["EMULATOR"]


def _oauth_error(status: int, error: str, description: str) -> Response:
    response = jsonify({"error": error, "error_description": description})
    response.status_code = status
    return response


def _with_query(url: str, **params: str | None) -> str:
    parts = urlsplit(url)
    extra = urlencode({k: v for k, v in params.items() if v is not None})
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def _page(title: str, body: str, status: int = 200) -> Response:
    document = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:sans-serif;max-width:32rem;margin:4rem auto}"
        "button{font-size:1rem;padding:.5rem 1.5rem;margin-right:1rem}</style>"
        f"</head><body>{body}</body></html>"
    )
    return Response(document, status=status, mimetype="text/html")


def _check_authorize_params(params) -> BaseResponse | None:
    settings = _emulator().settings
    if params.get("client_id") != settings.client_id:
        return _page(
            "Failure error=invalid_client",
            "<h1>Unknown application</h1><p>The client_id is not registered.</p>",
            400,
        )
    if params.get("redirect_uri") not in settings.redirect_uris:
        return _page(
            "Failure error=invalid_redirect_uri",
            "<h1>Invalid redirect URI</h1><p>The redirect_uri does not match any "
            "redirect URI registered on the application.</p>",
            400,
        )
    if params.get("response_type") != "code":
        return redirect(
            _with_query(
                params["redirect_uri"], error="unsupported_response_type", state=params.get("state")
            )
        )
    return None


@bp.get("/oauth/authorize")
def authorize_page() -> BaseResponse:
    problem = _check_authorize_params(request.args)
    if problem is not None:
        return problem
    emulator = _emulator()
    with emulator.store.transaction():
        user = emulator.store.get("users", emulator.demo_user_id())
        firm = emulator.store.meta_get("firm_name")
    hidden = "".join(
        f"<input type='hidden' name='{html.escape(k)}' value='{html.escape(v)}'>"
        for k, v in request.args.items()
    )
    body = (
        f"<h1>Clio Sandbox</h1><p>Signed in as <strong>{html.escape(user['name'])}</strong> "
        f"({html.escape(user['email'])}) at {html.escape(firm or '')}.</p>"
        f"<p>The application <strong>{html.escape(request.args['client_id'])}</strong> "
        "wants to access your Clio account.</p>"
        f"<form method='post' action='/oauth/authorize'>{hidden}"
        "<button type='submit' name='decision' value='allow'>Allow Access</button>"
        "<button type='submit' name='decision' value='deny'>Deny</button></form>"
    )
    return _page("Clio Sandbox - Authorize", body)


@bp.post("/oauth/authorize")
def authorize_decide() -> BaseResponse:
    problem = _check_authorize_params(request.form)
    if problem is not None:
        return problem
    params = request.form
    state = params.get("state")
    if params.get("decision") != "allow":
        if params.get("redirect_on_decline") == "true":
            return redirect(_with_query(params["redirect_uri"], error="access_denied", state=state))
        return _page("Failure error=access_denied", "<h1>Access denied</h1>")
    emulator = _emulator()
    code = secrets.token_urlsafe(24)
    with emulator.store.transaction():
        emulator.store.execute(
            "INSERT INTO auth_codes (code, client_id, redirect_uri, user_id, expires_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                code,
                params["client_id"],
                params["redirect_uri"],
                emulator.demo_user_id(),
                time.time() + CODE_LIFETIME_SECONDS,
            ),
        )
    return redirect(_with_query(params["redirect_uri"], code=code, state=state))


def issue_tokens(store: Store, user_id: int, expires_in: int) -> dict:
    refresh_token = secrets.token_urlsafe(32)
    cursor = store.execute(
        "INSERT INTO grants (refresh_token, user_id) VALUES (?, ?)", (refresh_token, user_id)
    )
    if cursor.lastrowid is None:
        raise RuntimeError("the grant was not stored")
    access_token = _issue_access(store, cursor.lastrowid, user_id, expires_in)
    return {
        "token_type": "bearer",
        "access_token": access_token,
        "expires_in": expires_in,
        "refresh_token": refresh_token,
    }


def _issue_access(store: Store, grant_id: int, user_id: int, expires_in: int) -> str:
    token = secrets.token_urlsafe(32)
    store.execute(
        "INSERT INTO access_tokens (token, grant_id, user_id, expires_at) VALUES (?, ?, ?, ?)",
        (token, grant_id, user_id, time.time() + expires_in),
    )
    return token


def _form() -> dict:
    # Clio documents form encoding; a JSON body is accepted too rather than failing obscurely.
    if request.form:
        return request.form.to_dict()
    payload = request.get_json(silent=True)
    return payload if isinstance(payload, dict) else {}


def _client_credentials() -> tuple[str | None, str | None]:
    header = request.headers.get("Authorization", "")
    if header.startswith("Basic "):
        try:
            decoded = base64.b64decode(header[6:]).decode()
            client_id, _, secret = decoded.partition(":")
            return client_id, secret
        except ValueError:
            return None, None
    return _form().get("client_id"), _form().get("client_secret")


@bp.post("/oauth/token")
def token() -> Response:
    emulator = _emulator()
    settings = emulator.settings
    client_id, client_secret = _client_credentials()
    if client_id != settings.client_id or client_secret != settings.client_secret:
        return _oauth_error(401, "invalid_client", "Client authentication failed.")
    grant_type = _form().get("grant_type")
    expires_in = settings.token_expires_in
    store = emulator.store
    with store.transaction():
        if grant_type == "authorization_code":
            row = store.execute(
                "SELECT * FROM auth_codes WHERE code = ?", (_form().get("code", ""),)
            ).fetchone()
            if (
                row is None
                or row["used"]
                or row["expires_at"] < time.time()
                or row["client_id"] != client_id
                or row["redirect_uri"] != _form().get("redirect_uri")
            ):
                return _oauth_error(
                    400,
                    "invalid_grant",
                    "The provided authorization grant is invalid, expired, revoked, does not "
                    "match the redirection URI used in the authorization request, or was issued "
                    "to another client.",
                )
            store.execute("UPDATE auth_codes SET used = 1 WHERE code = ?", (row["code"],))
            return jsonify(issue_tokens(store, row["user_id"], expires_in))
        if grant_type == "refresh_token":
            row = store.execute(
                "SELECT * FROM grants WHERE refresh_token = ? AND revoked = 0",
                (_form().get("refresh_token", ""),),
            ).fetchone()
            if row is None:
                return _oauth_error(
                    400, "invalid_grant", "The provided refresh token is invalid or revoked."
                )
            # Clio's sample refresh response carries no new refresh token (reference §1).
            access_token = _issue_access(store, row["id"], row["user_id"], expires_in)
            return jsonify(
                {"token_type": "bearer", "access_token": access_token, "expires_in": expires_in}
            )
    return _oauth_error(
        400, "unsupported_grant_type", "The authorization grant type is not supported."
    )


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return None


def token_user(store: Store, token: str | None) -> int | None:
    if not token:
        return None
    row = store.execute(
        "SELECT a.user_id FROM access_tokens a JOIN grants g ON g.id = a.grant_id "
        "WHERE a.token = ? AND a.revoked = 0 AND g.revoked = 0 AND a.expires_at > ?",
        (token, time.time()),
    ).fetchone()
    return row["user_id"] if row else None


def invalid_token() -> Response:
    response = _oauth_error(401, "invalid_token", EXPIRED_OR_REVOKED)
    response.headers["WWW-Authenticate"] = 'Bearer realm="Clio", error="invalid_token"'
    return response


@bp.post("/oauth/deauthorize")
def deauthorize() -> Response:
    emulator = _emulator()
    store = emulator.store
    token_value = _form().get("token") or bearer_token()
    # Clio documents a Bearer token; one third-party client sends Basic client credentials
    # instead (UNVERIFIED), so both are accepted.
    client_id, client_secret = _client_credentials()
    client_ok = (client_id, client_secret) == (
        emulator.settings.client_id,
        emulator.settings.client_secret,
    )
    with store.transaction():
        if not client_ok and token_user(store, bearer_token() or token_value) is None:
            return invalid_token()
        row = store.execute(
            "SELECT grant_id FROM access_tokens WHERE token = ? "
            "UNION SELECT id FROM grants WHERE refresh_token = ?",
            (token_value, token_value),
        ).fetchone()
        if row is None:
            return invalid_token()
        store.execute("UPDATE grants SET revoked = 1 WHERE id = ?", (row[0],))
        store.execute("UPDATE access_tokens SET revoked = 1 WHERE grant_id = ?", (row[0],))
    return Response(status=200)
