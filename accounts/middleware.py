"""Pages show times in the firm's time zone; storage, tasks and the API stay in UTC."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone


class FirmTimeZoneMiddleware:
    """Activate the firm's zone for every page, so each ``{{ datetime }}`` and each datetime a
    form reads is firm-local. The API is left in UTC: its clients want one unambiguous zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.zone = ZoneInfo(settings.FIRM_TIME_ZONE)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            return self.get_response(request)
        with timezone.override(self.zone):
            return self.get_response(request)
