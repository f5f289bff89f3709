"""The matter timeline: the page and ``GET /api/v1/matters/{clio_id}/timeline/``."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from integrations.timeline import (
    KINDS,
    Timeline,
    TimelineEntry,
    TimelineMatterNotFound,
    TimelineNotAllowed,
    matter_timeline,
)

PAGE_SIZE = 100


def _timeline(user, clio_id: int, kind: str, newest_first: bool) -> Timeline:
    try:
        return matter_timeline(user=user, clio_id=clio_id, kind=kind, newest_first=newest_first)
    except TimelineNotAllowed:
        raise PermissionDenied from None
    except TimelineMatterNotFound:
        raise Http404("No such matter") from None


@require_GET
@login_required
def matter_timeline_page(request: HttpRequest, clio_id: int) -> HttpResponse:
    kind = request.GET.get("kind", "")
    status = 200
    if kind not in KINDS:
        status, kind = (400, "") if kind else (200, "")
    newest_first = request.GET.get("order") == "desc"
    timeline = _timeline(request.user, clio_id, kind, newest_first)
    page = Paginator(timeline.entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "matter": timeline.matter,
        "page": page,
        "kinds": KINDS,
        "kind": kind,
        "newest_first": newest_first,
        "query": query.urlencode(),
        "firm_tz": settings.FIRM_TIME_ZONE,
    }
    return render(request, "integrations/timeline.html", context, status=status)


class TimelineFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(KINDS.items()), required=False)
    order = serializers.ChoiceField(choices=["asc", "desc"], required=False, default="asc")


class TimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=list(KINDS.items()))
    title = serializers.CharField()
    detail = serializers.CharField(allow_blank=True)
    invoice_id = serializers.IntegerField(allow_null=True)
    invoice_number = serializers.CharField(allow_null=True)
    raw_url = serializers.CharField(
        allow_blank=True, help_text="The stored payload's admin page, for those who may open it"
    )


class TimelinePagination(PageNumberPagination):
    page_size = PAGE_SIZE


class MatterTimelineApi(APIView):
    """Every Clio and LawPay event and every Remit action for one matter, oldest first."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="v1_matter_timeline",
        parameters=[TimelineFilterSerializer],
        responses=TimelineEntrySerializer(many=True),
    )
    def get(self, request: Request, clio_id: int) -> Response:
        filters = TimelineFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        try:
            timeline = matter_timeline(
                user=request.user,
                clio_id=clio_id,
                kind=filters.validated_data.get("kind", ""),
                newest_first=filters.validated_data["order"] == "desc",
            )
        except TimelineNotAllowed:
            raise ApiPermissionDenied from None
        except TimelineMatterNotFound:
            raise NotFound("No such matter") from None
        paginator = TimelinePagination()
        page: list[TimelineEntry] | None = paginator.paginate_queryset(
            timeline.entries,  # type: ignore[arg-type]  # any sequence pages
            request,
            view=self,
        )
        return paginator.get_paginated_response(TimelineEntrySerializer(page, many=True).data)
