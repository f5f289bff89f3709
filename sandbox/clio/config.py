"""Settings read from the environment; docs/sandbox/clio.md lists each with its default."""

from __future__ import annotations

import os
from dataclasses import dataclass


def _csv(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    client_id: str = "remit-sandbox-client"
    client_secret: str = "remit-sandbox-secret"  # noqa: S105 - a public sandbox default
    redirect_uris: tuple[str, ...] = ("http://127.0.0.1:8000/integrations/clio/callback/",)
    token_expires_in: int = 2592000
    rate_limit: int = 50
    rate_window_seconds: float = 60.0
    # Clio publishes no schedule; this is exponential-ish over about 8.5 hours.
    webhook_retry_schedule: tuple[float, ...] = (60.0, 300.0, 1800.0, 7200.0, 21600.0)
    webhook_timeout_seconds: float = 10.0
    webhook_http_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")
    default_api_version: str = "4.0.13"


def settings_from_env(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    defaults = Settings()

    def get(name: str, default: str) -> str:
        value = env.get(name, "").strip()
        return value or default

    return Settings(
        client_id=get("CLIO_SANDBOX_CLIENT_ID", defaults.client_id),
        client_secret=get("CLIO_SANDBOX_CLIENT_SECRET", defaults.client_secret),
        redirect_uris=_csv(get("CLIO_SANDBOX_REDIRECT_URIS", ",".join(defaults.redirect_uris))),
        token_expires_in=int(get("CLIO_SANDBOX_TOKEN_EXPIRES_IN", str(defaults.token_expires_in))),
        rate_limit=int(get("CLIO_SANDBOX_RATE_LIMIT", str(defaults.rate_limit))),
        rate_window_seconds=float(
            get("CLIO_SANDBOX_RATE_WINDOW_SECONDS", str(defaults.rate_window_seconds))
        ),
        webhook_retry_schedule=tuple(
            float(part)
            for part in _csv(
                get(
                    "CLIO_SANDBOX_WEBHOOK_RETRY_SCHEDULE",
                    ",".join(f"{s:g}" for s in defaults.webhook_retry_schedule),
                )
            )
        ),
        webhook_timeout_seconds=float(
            get("CLIO_SANDBOX_WEBHOOK_TIMEOUT_SECONDS", str(defaults.webhook_timeout_seconds))
        ),
        webhook_http_hosts=_csv(
            get("CLIO_SANDBOX_WEBHOOK_HTTP_HOSTS", ",".join(defaults.webhook_http_hosts))
        ),
    )
