"""The request every signed-in view receives, for the type checker: one definition for all apps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django_htmx.middleware import HtmxDetails


class SignedInRequest(HttpRequest):
    """A view behind ``login_required``: ``user`` is a real user; django-htmx's middleware adds
    ``htmx``."""

    user: User
    htmx: HtmxDetails
