"""Wrong API tokens are counted per client address; past the limit the address gets 429.

DRF's throttles run after authentication and a wrong token fails authentication, so token
guessing never reaches them. The failure is seen instead where every view's
``AuthenticationFailed`` ends up, the exception handler, whichever authentication classes the
view names; and ``TokenFailureThrottle`` refuses the address's requests that do authenticate,
so a guess that hits gives nothing away while the address is refused.
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from rest_framework import exceptions
from rest_framework.authentication import get_authorization_header
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle
from rest_framework.views import exception_handler

from accounts.addresses import client_address


def _rate() -> tuple[int, int]:
    # Read on every call (not at import) so a changed REST_FRAMEWORK setting takes effect.
    rate = api_settings.DEFAULT_THROTTLE_RATES["token_failure"]
    # parse_rate uses no state, so it runs without an instance; the stubs type the rates as
    # numbers where DRF reads strings such as "10/min".
    limit, window = SimpleRateThrottle.parse_rate(None, rate)  # type: ignore[arg-type]
    if limit is None or window is None:
        raise ImproperlyConfigured("REST_FRAMEWORK's DEFAULT_THROTTLE_RATES needs token_failure.")
    return limit, window


def _key(request) -> str:
    return "token-failures:" + client_address(request)


def _refused(request) -> bool:
    limit, _ = _rate()
    return cache.get(_key(request), 0) >= limit


def _failure_record(request) -> None:
    _, window = _rate()
    key = _key(request)
    # A fixed window from the first failure; add() then incr() stays atomic in Redis.
    if not cache.add(key, 1, timeout=window):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=window)


class TokenFailureThrottle(BaseThrottle):
    def allow_request(self, request, view) -> bool:
        return not _refused(request)

    def wait(self) -> float:
        return _rate()[1]


def api_exception_handler(exc, context):
    request = context.get("request")
    sent_token = request is not None and get_authorization_header(request).lower().startswith(
        b"token"
    )
    if sent_token and isinstance(exc, exceptions.AuthenticationFailed):
        if _refused(request):
            exc = exceptions.Throttled(wait=_rate()[1])
        else:
            _failure_record(request)
    return exception_handler(exc, context)
