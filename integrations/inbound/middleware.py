"""Webhook receivers skip the page middleware.

A provider's POST carries no session, user, CSRF token or messages and gets no page back, so
the receivers (marked with ``receivers.webhook_receiver``) are called straight after the
security and static-file middleware, before sessions, authentication, CSRF, the firm's time
zone, messages, frame and content-security headers, htmx, history and axes. Every other path,
``/webhooks/…`` ones that are not receivers included, goes down the whole stack.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

WEBHOOKS_PREFIX = "/webhooks/"


class WebhookReceiverMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(WEBHOOKS_PREFIX):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if not getattr(match.func, "webhook_receiver", False):
            return self.get_response(request)
        request.resolver_match = match
        # An exception still becomes Django's logged 500: each middleware is wrapped by the
        # handler's exception-to-response conversion.
        response = match.func(request, *match.args, **match.kwargs)
        # What CommonMiddleware would add; without it the server answers chunked.
        if not response.streaming and not response.has_header("Content-Length"):
            response.headers["Content-Length"] = str(len(response.content))
        return response
