"""The trust pages, one module per area (each keeps its own routes; names share ``trust:``)."""

from django.urls import include, path

app_name = "trust"
urlpatterns = [
    path("", include("trust.urls_applications")),
    path("", include("trust.urls_ledger")),
    path("", include("trust.urls_reconciliation")),
    path("", include("trust.urls_crosscheck")),
    path("", include("trust.urls_accounts")),
]
