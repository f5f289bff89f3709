"""Inbound Clio webhooks: handshake and signature (clio-api.md §4). Pure functions, no I/O.

A delivery carries ``X-Hook-Signature``: HMAC-SHA256 of the raw body keyed with the webhook's
``shared_secret``. The encoding is not documented; lowercase hex is what implementations use,
and base64 is accepted as well, as the reference advises.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping

SECRET_HEADER = "X-Hook-Secret"  # noqa: S105 - a header name
SIGNATURE_HEADER = "X-Hook-Signature"


def header_get(headers: Mapping[str, str], name: str) -> str | None:
    """Case-insensitive lookup that works on plain dicts as well as Django's ``HttpHeaders``."""
    value = headers.get(name)
    if value is not None:
        return value
    lowered = name.lower()
    return next((v for k, v in headers.items() if k.lower() == lowered), None)


def handshake_secret(headers: Mapping[str, str]) -> str | None:
    """The ``X-Hook-Secret`` of a handshake request, or ``None`` for an ordinary delivery."""
    return header_get(headers, SECRET_HEADER) or None


def handshake_response_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Headers for the 200 that confirms a handshake: the same secret echoed back."""
    secret = handshake_secret(headers)
    if secret is None:
        raise ValueError(f"not a handshake: no {SECRET_HEADER} header")
    return {SECRET_HEADER: secret}


def signature_compute(*, raw_body: bytes, shared_secret: str) -> str:
    return hmac.new(shared_secret.encode(), raw_body, hashlib.sha256).hexdigest()


def signature_is_valid(*, raw_body: bytes, signature: str | None, shared_secret: str) -> bool:
    """Whether ``signature`` (the ``X-Hook-Signature`` value) signs exactly ``raw_body``.

    Compare in constant time, and never on a re-serialised body: any byte change breaks it.
    """
    if not signature or not shared_secret:
        return False
    expected = hmac.new(shared_secret.encode(), raw_body, hashlib.sha256).digest()
    candidate = _signature_bytes(signature.strip())
    return candidate is not None and hmac.compare_digest(expected, candidate)


def signature_is_valid_for(
    *, raw_body: bytes, headers: Mapping[str, str], shared_secret: str
) -> bool:
    return signature_is_valid(
        raw_body=raw_body,
        signature=header_get(headers, SIGNATURE_HEADER),
        shared_secret=shared_secret,
    )


def delivery_digest(raw_body: bytes) -> str:
    """Deliveries carry no event id (clio-api.md §4 Payload): deduplicate on the body digest."""
    return hashlib.sha256(raw_body).hexdigest()


def _signature_bytes(signature: str) -> bytes | None:
    if signature.lower().startswith("sha256="):
        signature = signature[len("sha256=") :]
    if len(signature) == 64:
        try:
            return bytes.fromhex(signature)
        except ValueError:
            pass
    try:
        decoded = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError):
        return None
    return decoded if len(decoded) == 32 else None
