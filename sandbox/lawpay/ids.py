"""Identifier and timestamp formats the gateway uses (reference §2, §3)."""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import UTC, datetime


def new_id() -> str:
    """A 22-character URL-safe base64 id, the shape of every gateway id."""
    return base64.urlsafe_b64encode(secrets.token_bytes(16)).decode().rstrip("=")


def stable_id(*parts: str) -> str:
    """Same shape as new_id, but derived, so seeded ids survive a reset."""
    digest = hashlib.sha256("/".join(parts).encode()).digest()[:16]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def fingerprint(value: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(value.encode()).digest()).decode()[:20]


def timestamp(moment: datetime | None = None) -> str:
    """yyyy-MM-dd'T'HH:mm:ss.SSS'Z' in UTC."""
    moment = moment or datetime.now(UTC)
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )


def parse_timestamp(text: str) -> datetime:
    """Parse both documented forms: ...SSS'Z' and offsets like 2016-02-24T14:36:27.000-06:00."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace(" ", "+"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
