from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from billing.models import (
    Activity,
    AttentionItem,
    BillingRules,
    Client,
    ClioUser,
    Invoice,
    InvoiceLine,
    InvoiceNumberSequence,
    Matter,
)

INVOICE_LINE_FIELDS = ("live", "date", "timekeeper", "description", "hours", "rate", "amount",
                       "amount_mismatch", "changed_after_invoicing")  # fmt: skip


class InvoiceLineInline(admin.TabularInline):
    model = InvoiceLine
    extra = 0
    can_delete = False
    fields = INVOICE_LINE_FIELDS
    readonly_fields = INVOICE_LINE_FIELDS


@admin.register(Invoice)
class InvoiceAdmin(SimpleHistoryAdmin):
    # Read-only here: invoices change only through the review services (numbers, outbox).
    list_display = ["pk", "number", "matter", "status", "total", "created_at"]
    list_filter = ["status", "trigger"]
    search_fields = ["number", "matter__display_number"]
    list_select_related = ["matter"]
    inlines = [InvoiceLineInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BillingRules)
class BillingRulesAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "threshold", "calendar_day_of_month", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AttentionItem)
class AttentionItemAdmin(admin.ModelAdmin):
    list_display = ["reason", "invoice", "matter", "created_at", "resolved_at"]
    list_filter = ["reason", ("resolved_at", admin.EmptyFieldListFilter)]


@admin.register(InvoiceNumberSequence)
class InvoiceNumberSequenceAdmin(admin.ModelAdmin):
    list_display = ["year", "last_number"]

    def has_change_permission(self, request, obj=None):
        return False


class MirrorAdmin(admin.ModelAdmin):
    """Clio mirrors are written by the sync engine only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(ClioUser, MirrorAdmin, list_display=["name", "email", "remit_user"])
admin.site.register(Client, MirrorAdmin, list_display=["name", "primary_email"])
admin.site.register(
    Matter, MirrorAdmin, list_display=["display_number", "status", "billing_method"]
)
admin.site.register(
    Activity, MirrorAdmin, list_display=["clio_id", "matter", "date", "total"],
    list_select_related=["matter"],
)  # fmt: skip
