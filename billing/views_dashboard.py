"""The collections dashboard and its CSV export: one selector call each, the same months."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from billing.csv_export import csv_download
from billing.selectors.collections import (
    MonthRange,
    PeriodRefused,
    collections_csv_rows,
    collections_dashboard,
    collections_figures,
    collections_months,
)

if TYPE_CHECKING:
    from accounts.requests import SignedInRequest

VIEW_COLLECTIONS = "accounts.view_collections"


def collections_viewer_required(view):
    return login_required(permission_required(VIEW_COLLECTIONS, raise_exception=True)(view))


def _months(request: SignedInRequest) -> MonthRange:
    return collections_months(
        since=request.GET.get("since"), until=request.GET.get("until"), now=timezone.now()
    )


@require_GET
@collections_viewer_required
def dashboard(request: SignedInRequest) -> HttpResponse:
    status = 200
    try:
        months = _months(request)
    except PeriodRefused as refused:
        messages.error(request, f"Months not applied ({refused.field}): {refused}")
        months = collections_months(since=None, until=None, now=timezone.now())
        status = 400
    figures = collections_dashboard(user=request.user, now=timezone.now(), months=months)
    query = f"since={months.since:%Y-%m}&until={months.until:%Y-%m}"
    context = {
        "dashboard": figures,
        "figures": collections_figures(dashboard=figures),
        "query": query,
        "firm_time_zone": settings.FIRM_TIME_ZONE,
    }
    return render(request, "billing/dashboard.html", context, status=status)


@require_GET
@collections_viewer_required
def dashboard_csv(request: SignedInRequest) -> HttpResponse | StreamingHttpResponse:
    """Every figure as a section, or the one ``?figure=<key>`` names."""
    try:
        months = _months(request)
    except PeriodRefused as refused:
        return HttpResponse(f"{refused.field}: {refused}", status=400, content_type="text/plain")
    figures = collections_figures(
        dashboard=collections_dashboard(user=request.user, now=timezone.now(), months=months)
    )
    if wanted := request.GET.get("figure"):
        figures = [figure for figure in figures if figure.key == wanted]
        if not figures:
            return HttpResponse(
                "figure: no such figure on the dashboard.", status=400, content_type="text/plain"
            )
    return csv_download(collections_csv_rows(figures=figures), stem=wanted or "collections")
