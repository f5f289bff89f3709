"""REST API for inbound events: list and filter, inspect, replay one or all dead letters."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_permissions import HasPermission
from integrations.inbound.processing import inbound_event_replay, inbound_events_replay_dead
from integrations.models import InboundEvent, Source

CanView = HasPermission.of("integrations.view_integration_health")
CanReplay = HasPermission.of("integrations.replay_events")


class InboundEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = InboundEvent
        fields = [
            "id", "source", "status", "dedupe_key", "received_at", "attempts",
            "next_attempt_at", "processed_at", "last_error", "rejection_reason", "body_sha256",
        ]  # fmt: skip


class InboundEventDetailSerializer(InboundEventSerializer):
    class Meta(InboundEventSerializer.Meta):
        fields = [*InboundEventSerializer.Meta.fields, "headers", "body", "remote_addr"]


class InboundEventFilterSerializer(serializers.Serializer):
    # A declared field, moved off the class by DRF's metaclass: it does not replace Field.source.
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=Source.choices, required=False
    )
    status = serializers.ChoiceField(choices=InboundEvent.Status.choices, required=False)


class InboundEventListApi(APIView):
    permission_classes = [IsAuthenticated, CanView]

    @extend_schema(
        parameters=[InboundEventFilterSerializer], responses=InboundEventSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        filters = InboundEventFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        events = InboundEvent.objects.filter(**filters.validated_data).order_by("-pk")
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(events, request, view=self)
        return paginator.get_paginated_response(InboundEventSerializer(page, many=True).data)


class InboundEventDetailApi(APIView):
    permission_classes = [IsAuthenticated, CanView]

    @extend_schema(operation_id="v1_inbound_event_detail", responses=InboundEventDetailSerializer)
    def get(self, request: Request, event_id: int) -> Response:
        event = get_object_or_404(InboundEvent, pk=event_id)
        return Response(InboundEventDetailSerializer(event).data)


class InboundEventReplayApi(APIView):
    permission_classes = [IsAuthenticated, CanReplay]

    @extend_schema(request=None, responses={200: InboundEventSerializer, 409: OpenApiTypes.OBJECT})
    def post(self, request: Request, event_id: int) -> Response:
        event = get_object_or_404(InboundEvent, pk=event_id)
        if not inbound_event_replay(event_id=event.pk):
            return Response(
                {"detail": f"Only dead or failed events can be replayed; this one is "
                           f"{event.status}."},
                status=status.HTTP_409_CONFLICT,
            )  # fmt: skip
        event.refresh_from_db()
        return Response(InboundEventSerializer(event).data)


class InboundEventReplayDeadApi(APIView):
    permission_classes = [IsAuthenticated, CanReplay]

    @extend_schema(
        request=InboundEventFilterSerializer,
        responses=inline_serializer("ReplayDead", {"replayed": serializers.IntegerField()}),
    )
    def post(self, request: Request) -> Response:
        filters = InboundEventFilterSerializer(data=request.data or request.query_params)
        filters.is_valid(raise_exception=True)
        replayed = inbound_events_replay_dead(source=filters.validated_data.get("source"))
        return Response({"replayed": replayed})
