"""``/api/v1/metrics/aging/`` and ``/api/v1/metrics/cycle-time/``: the collections dashboard's
figures, with the page's permission and scoping (attorneys: their own matters)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_permissions import HasPermission
from billing.models.clio import MONEY
from billing.selectors.collections import (
    CycleStat,
    CycleTime,
    PeriodRefused,
    collections_aging,
    collections_cycle_times,
    collections_months,
)
from billing.views_dashboard import VIEW_COLLECTIONS

CollectionsReader = HasPermission.of(VIEW_COLLECTIONS)


# A field named "label" shadows Field.label for the type checker only: DRF takes declared
# fields off the class.
class AgeBucketSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]
    min_days = serializers.IntegerField()
    max_days = serializers.IntegerField(allow_null=True, help_text="null: no upper bound")
    count = serializers.IntegerField()
    amount_due = serializers.DecimalField(**MONEY)


class AgingSerializer(serializers.Serializer):
    as_of = serializers.DateField(help_text="The firm's calendar day the ages count from")
    time_zone = serializers.CharField()
    unpaid_count = serializers.IntegerField()
    unpaid_amount = serializers.DecimalField(**MONEY)
    buckets = AgeBucketSerializer(many=True)


class CycleStatSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()
    median_days = serializers.DecimalField(max_digits=8, decimal_places=1, source="median")
    p90_days = serializers.IntegerField(source="p90", help_text="90th percentile (nearest rank)")


class CycleTimeSerializer(serializers.Serializer):
    overall = CycleStatSerializer(allow_null=True)
    by_month = CycleStatSerializer(many=True)
    by_attorney = CycleStatSerializer(many=True)
    by_practice_area = CycleStatSerializer(many=True)


class CycleTimesSerializer(serializers.Serializer):
    since = serializers.CharField(help_text="First month included, YYYY-MM")
    until = serializers.CharField(help_text="Last month included, YYYY-MM")
    time_zone = serializers.CharField()
    work_to_sent = CycleTimeSerializer(
        help_text="Oldest line's work date to the day sent, for invoices sent in the months"
    )
    sent_to_paid = CycleTimeSerializer(
        help_text="Day sent to day paid in full, for invoices paid in the months"
    )


class AgingApi(APIView):
    """Sent, unpaid invoices by firm days since sending: 0–7, 8–14, 15–30, 31–60, 60+."""

    permission_classes = [CollectionsReader]

    @extend_schema(responses=AgingSerializer)
    def get(self, request: Request) -> Response:
        now = timezone.now()
        buckets = collections_aging(user=request.user, now=now)
        data = {
            "as_of": now.astimezone(ZoneInfo(settings.FIRM_TIME_ZONE)).date(),
            "time_zone": settings.FIRM_TIME_ZONE,
            "unpaid_count": sum(bucket.count for bucket in buckets),
            "unpaid_amount": sum(bucket.amount_due for bucket in buckets),
            "buckets": [
                {
                    "label": bucket.label,
                    "min_days": bucket.min_days,
                    "max_days": bucket.max_days,
                    "count": bucket.count,
                    "amount_due": bucket.amount_due,
                }
                for bucket in buckets
            ],
        }
        return Response(AgingSerializer(data).data)


class CycleTimeApi(APIView):
    """Median and 90th percentile days from work to sent and from sent to paid, overall and by
    month, responsible attorney and practice area."""

    permission_classes = [CollectionsReader]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "since", OpenApiTypes.STR, description="First month, YYYY-MM (default: 11 before)"
            ),
            OpenApiParameter(
                "until", OpenApiTypes.STR, description="Last month, YYYY-MM (default: this one)"
            ),
        ],
        responses=CycleTimesSerializer,
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        try:
            months = collections_months(
                since=params.get("since"), until=params.get("until"), now=timezone.now()
            )
        except PeriodRefused as refused:
            raise ValidationError({refused.field: str(refused)}) from None
        cycles = collections_cycle_times(user=request.user, months=months)
        data = {
            "since": f"{months.since:%Y-%m}",
            "until": f"{months.until:%Y-%m}",
            "time_zone": settings.FIRM_TIME_ZONE,
            "work_to_sent": _cycle(cycles.work_to_sent),
            "sent_to_paid": _cycle(cycles.sent_to_paid),
        }
        return Response(CycleTimesSerializer(data).data)


def _cycle(cycle: CycleTime) -> dict[str, CycleStat | list[CycleStat] | None]:
    return {
        "overall": cycle.overall,
        "by_month": cycle.by_month,
        "by_attorney": cycle.by_attorney,
        "by_practice_area": cycle.by_practice_area,
    }
