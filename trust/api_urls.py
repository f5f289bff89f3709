"""``/api/v1/trust/…`` (names fixed by the trust issue so other tools can rely on them)."""

from django.urls import include, path

urlpatterns: list = [
    path("", include("trust.api_reconciliation")),
]
