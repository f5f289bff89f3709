from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from accounts.api_permissions import HasPermission
from integrations.health import integration_health_get
from integrations.inbound.processing import inbound_event_replay, inbound_events_replay_dead
from integrations.models import InboundEvent, OutboxMessage
from integrations.outbox.relay import outbox_message_replay, outbox_messages_replay_dead

DEAD_LETTERS_SHOWN = 25


@login_required
@permission_required("integrations.view_integration_health", raise_exception=True)
def health(request):
    context = {
        "health": integration_health_get(),
        "dead_events": InboundEvent.objects.filter(status=InboundEvent.Status.DEAD).order_by(
            "-received_at"
        )[:DEAD_LETTERS_SHOWN],
        "dead_messages": OutboxMessage.objects.filter(status=OutboxMessage.Status.DEAD).order_by(
            "-created_at"
        )[:DEAD_LETTERS_SHOWN],
        "rejected_events": InboundEvent.objects.filter(
            status=InboundEvent.Status.REJECTED
        ).order_by("-received_at")[:10],
    }
    return render(request, "integrations/health.html", context)


@require_POST
@login_required
@permission_required("integrations.replay_events", raise_exception=True)
def replay(request, kind: str, pk: int | None = None):
    if kind == "event":
        count = int(inbound_event_replay(event_id=pk)) if pk else inbound_events_replay_dead()
    else:
        count = int(outbox_message_replay(message_id=pk)) if pk else outbox_messages_replay_dead()
    messages.success(request, f"{count} item(s) queued again.")
    return redirect("integrations:health")


@extend_schema(responses=OpenApiTypes.OBJECT, description="The integration health page as JSON.")
@api_view(["GET"])
@permission_classes([HasPermission.of("integrations.view_integration_health")])
def health_api(request):
    return Response(integration_health_get().as_json())
