"""``/api/v1/trust/…`` (names fixed by the trust issue so other tools can rely on them)."""

from django.urls import include, path

from trust import api

urlpatterns: list = [
    path("accounts/", api.TrustAccountList.as_view(), name="api-trust-accounts"),
    path("ledger/", api.TrustLedger.as_view(), name="api-trust-ledger"),
    path("applications/", api.TrustApplications.as_view(), name="api-trust-applications"),
    path("", include("trust.api_reconciliation")),
]
