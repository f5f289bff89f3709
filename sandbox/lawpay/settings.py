"""Settings, read once from the environment (documented in docs/sandbox/lawpay.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass

# Fixed, realistic-looking defaults so a demo's .env keeps working across resets. The formats
# follow the reference §1: public key "m_" + 22 characters; secret keys 64 alphanumerics with no
# prefix, so test and live keys cannot be told apart by their text. Sandbox-only values, not
# secrets: they open nothing but this emulator.
DEFAULT_PUBLIC_KEY = "m_eyj_0QhAWuug-_0wNH3PzA"
DEFAULT_SECRET_KEY = "Qz7kSKl5U5KCJhdDQh6ztzLtDOvUPnOHq60A9M6RgLhLSUhkLnfJHbTYLO55gQla"  # noqa: S105
DEFAULT_LIVE_SECRET_KEY = "1LWX4PsQLSETcAB4CGlH8hszSAWIDkrpsxMxUwFTyoT5YzhinXGyWAxsDEiv7qs8"  # noqa: S105


@dataclass(frozen=True)
class Settings:
    public_key: str
    secret_key: str
    live_secret_key: str
    merchant_id: str
    merchant_slug: str
    merchant_name: str
    public_url: str
    time_scale: float
    capture_delay: float
    token_ttl: float
    delivery_timeout: float

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ.get
        return cls(
            public_key=env("LAWPAY_SANDBOX_PUBLIC_KEY", DEFAULT_PUBLIC_KEY),
            secret_key=env("LAWPAY_SANDBOX_SECRET_KEY", DEFAULT_SECRET_KEY),
            live_secret_key=env("LAWPAY_SANDBOX_LIVE_SECRET_KEY", DEFAULT_LIVE_SECRET_KEY),
            merchant_id=env("LAWPAY_SANDBOX_MERCHANT_ID", "_sI47jQIngWexNUOZLtb9Q"),
            merchant_slug=env("LAWPAY_SANDBOX_MERCHANT_SLUG", "demo-law-firm"),
            merchant_name=env("LAWPAY_SANDBOX_MERCHANT_NAME", "Demo Law Firm LLP"),
            public_url=env("LAWPAY_SANDBOX_PUBLIC_URL", "").rstrip("/"),
            time_scale=float(env("LAWPAY_SANDBOX_TIME_SCALE", "10")),
            capture_delay=float(env("LAWPAY_SANDBOX_CAPTURE_DELAY", "120")),
            token_ttl=float(env("LAWPAY_SANDBOX_TOKEN_TTL", "300")),
            delivery_timeout=float(env("LAWPAY_SANDBOX_DELIVERY_TIMEOUT", "10")),
        )
