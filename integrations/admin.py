from django.contrib import admin, messages

from integrations.inbound.processing import inbound_event_replay
from integrations.models import ClioWebhook, InboundEvent, OutboxMessage, PeriodicTaskHealth
from integrations.outbox.relay import outbox_message_replay


def _can_replay(request) -> bool:
    return request.user.has_perm("integrations.replay_events")


@admin.register(InboundEvent)
class InboundEventAdmin(admin.ModelAdmin):
    list_display = ["id", "source", "status", "dedupe_key", "received_at", "attempts",
                    "next_attempt_at", "rejection_reason"]  # fmt: skip
    list_filter = ["source", "status"]
    search_fields = ["dedupe_key", "body_sha256"]
    date_hierarchy = "received_at"
    actions = ["replay"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # The raw request is evidence: shown, never edited.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Replay selected dead or failed events", permissions=["replay"])
    def replay(self, request, queryset):
        pks = queryset.values_list("pk", flat=True)
        replayed = sum(inbound_event_replay(event_id=pk) for pk in pks)
        messages.info(request, f"{replayed} event(s) queued again; the rest were not dead/failed.")

    def has_replay_permission(self, request) -> bool:
        return _can_replay(request)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "dedupe_key", "aggregate", "status", "attempts",
                    "next_attempt_at", "sent_at"]  # fmt: skip
    list_filter = ["status", "kind"]
    search_fields = ["dedupe_key", "aggregate"]
    actions = ["replay"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Replay selected dead or failed messages", permissions=["replay"])
    def replay(self, request, queryset):
        replayed = sum(
            outbox_message_replay(message_id=pk) for pk in queryset.values_list("pk", flat=True)
        )
        messages.info(request, f"{replayed} message(s) queued again; the rest were not dead.")

    def has_replay_permission(self, request) -> bool:
        return _can_replay(request)


CLIO_WEBHOOK_FIELDS = ("clio_id", "model", "url", "fields", "events", "status", "expires_at",
                       "last_delivery_at", "created_at", "updated_at")  # fmt: skip


@admin.register(ClioWebhook)
class ClioWebhookAdmin(admin.ModelAdmin):
    list_display = ["clio_id", "model", "status", "url", "expires_at", "last_delivery_at"]
    list_filter = ["model", "status"]
    # shared_secret is never shown.
    fields = CLIO_WEBHOOK_FIELDS
    readonly_fields = CLIO_WEBHOOK_FIELDS

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(PeriodicTaskHealth)
class PeriodicTaskHealthAdmin(admin.ModelAdmin):
    list_display = ["name", "task", "last_started_at", "last_succeeded_at", "last_failed_at"]
    search_fields = ["name", "task"]
    # Written by the workers; the schedule itself is edited under "Periodic tasks".
    readonly_fields = ["name", "task", "expected_since", "last_started_at", "last_succeeded_at",
                       "last_failed_at", "last_error", "updated_at"]  # fmt: skip

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
