"""HTTP Basic with the key as username and an empty password (reference §1)."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from flask import Request

from .errors import GatewayError
from .settings import Settings


@dataclass(frozen=True)
class Caller:
    kind: str  # "secret" or "public"
    mode: str | None  # "TEST" or "LIVE" for secret keys; public keys carry no mode


def caller_identify(request: Request, *, settings: Settings, allow_bearer: bool = False) -> Caller:
    """Raise not_authorized unless the request carries one of the merchant's keys.

    The header is decoded by hand rather than through werkzeug's parsed ``authorization``: the
    gateway fails a key sent without the trailing colon, and the parsed form cannot tell
    ``key`` from ``key:``.
    """
    header = request.headers.get("Authorization", "")
    scheme, _, credentials = header.partition(" ")
    key = None
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(credentials.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            decoded = ""
        username, colon, password = decoded.partition(":")
        if colon and not password:
            key = username
    elif scheme.lower() == "bearer" and allow_bearer:
        key = credentials.strip()
    if key and key == settings.secret_key:
        return Caller("secret", "TEST")
    if key and key == settings.live_secret_key:
        return Caller("secret", "LIVE")
    if key and key == settings.public_key:
        return Caller("public", None)
    raise GatewayError("not_authorized")
