from django.urls import path

from billing import mapping_views
from integrations import health_views, invoice_history_views, timeline_views, views
from integrations.clio import views as clio_views
from integrations.lawpay import views as lawpay_views

app_name = "integrations"
urlpatterns = [
    path("connections/", views.connections, name="connections"),
    path("clio/connect/", clio_views.clio_connect, name="clio-connect"),
    path("clio/callback/", clio_views.clio_callback, name="clio-callback"),
    path("clio/disconnect/", clio_views.clio_disconnect, name="clio-disconnect"),
    path("lawpay/keys/", lawpay_views.lawpay_keys, name="lawpay-keys"),
    path("lawpay/accounts/", lawpay_views.lawpay_accounts, name="lawpay-accounts"),
    path("lawpay/webhook/", lawpay_views.lawpay_webhook, name="lawpay-webhook"),
    path("sandbox-check/", views.sandbox_check_start, name="sandbox-check-start"),
    path("sandbox-check/<int:pk>/", views.sandbox_check_progress, name="sandbox-check"),
    path("mappings/", mapping_views.mappings, name="mappings"),
    path("mappings/export.csv", mapping_views.mappings_export, name="mappings-export"),
    path("mappings/import/", mapping_views.mappings_import, name="mappings-import"),
    path("mappings/<int:pk>/", mapping_views.mapping_edit, name="mapping-edit"),
    path(
        "matters/<int:clio_id>/timeline/",
        timeline_views.matter_timeline_page,
        name="matter-timeline",
    ),
    path(
        "invoices/<int:pk>/history/",
        invoice_history_views.invoice_history_section,
        name="invoice-history",
    ),
    path(
        "invoices/<int:pk>/history/retry/<int:message_pk>/",
        invoice_history_views.invoice_history_retry,
        name="invoice-history-retry",
    ),
    path("health/", health_views.health, name="health"),
    path("health/replay/<str:kind>/", health_views.replay, name="replay-all"),
    path("health/replay/<str:kind>/<int:pk>/", health_views.replay, name="replay"),
]
