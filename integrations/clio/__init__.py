"""Remit's client for the Clio Manage API v4 (see /work/shared/reference/clio-api.md)."""

from integrations.clio.client import API_VERSION, ClioClient, Page, Record
from integrations.clio.oauth import ClioOAuth, oauth_state_new
from integrations.clio.ratelimit import ClioRateLimiter
from integrations.clio.tokens import InMemoryTokenStore, Tokens, TokenStore

__all__ = [
    "API_VERSION",
    "ClioClient",
    "ClioOAuth",
    "ClioRateLimiter",
    "InMemoryTokenStore",
    "Page",
    "Record",
    "TokenStore",
    "Tokens",
    "oauth_state_new",
]
