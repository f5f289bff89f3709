"""The login lockout backend (django-axes), for callers that have a request."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes's lockout check, skipped when ``authenticate()`` is given no request.

    Every login over HTTP (the login page, the Django admin) passes the request, and that is
    where guessing happens. Code without a request (management commands, a shell, the demo
    users' self-check) has no address to count against, and axes would refuse it outright.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
