import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.navigation import pages_for_user
from accounts.selectors import queue_counts


@login_required
def home(request):
    pages = pages_for_user(request.user)
    counts = queue_counts(user=request.user, url_names=[page.url_name for page in pages])
    cards = [(page, counts.get(page.url_name)) for page in pages]
    return render(request, "accounts/home.html", {"pages": pages, "cards": cards})


def login_locked_out(request, original_response=None, credentials=None):
    """The page django-axes shows instead of the login form while a login is locked out."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
