"""The client address that login lockouts and API throttles count against."""

from rest_framework.throttling import BaseThrottle


def client_address(request) -> str:
    """The caller's address, trusting ``X-Forwarded-For`` only through ``NUM_PROXIES`` proxies.

    One rule for django-axes and DRF's throttles alike: with ``NUM_PROXIES`` unset DRF would
    believe any ``X-Forwarded-For``, and a guesser could name a new address on every request.
    """
    return BaseThrottle().get_ident(request)
