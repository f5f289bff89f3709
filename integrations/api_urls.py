from django.urls import path

from integrations import api

urlpatterns = [
    path("", api.InboundEventListApi.as_view(), name="inbound-events"),
    path(
        "replay-dead/", api.InboundEventReplayDeadApi.as_view(), name="inbound-events-replay-dead"
    ),
    path("<int:event_id>/", api.InboundEventDetailApi.as_view(), name="inbound-event"),
    path(
        "<int:event_id>/replay/", api.InboundEventReplayApi.as_view(), name="inbound-event-replay"
    ),
]
