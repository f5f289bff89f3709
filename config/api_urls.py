"""``/api/v1/``: one ``path`` per resource (the schema is at ``/api/schema/``)."""

from django.urls import include, path

from billing import api as billing_api
from billing import mapping_api, metrics_api
from billing.payment_api import PaymentList
from integrations import health_views, timeline_views
from integrations.lawpay.api import LawPayKeysApi

urlpatterns = [
    path("health/", health_views.health_api, name="api-health"),
    path("connections/lawpay/keys/", LawPayKeysApi.as_view(), name="api-lawpay-keys"),
    path("payments/", PaymentList.as_view(), name="api-payments"),
    path("invoices/", billing_api.InvoiceList.as_view(), name="api-invoices"),
    path(
        "invoices/<int:pk>/approve/",
        billing_api.InvoiceApprove.as_view(),
        name="api-invoice-approve",
    ),
    path(
        "invoices/<int:pk>/draft-again/",
        billing_api.InvoiceDraftAgain.as_view(),
        name="api-invoice-draft-again",
    ),
    path("billing-rules/", billing_api.BillingRulesApi.as_view(), name="api-billing-rules"),
    path(
        "matters/<int:clio_id>/timeline/",
        timeline_views.MatterTimelineApi.as_view(),
        name="api-matter-timeline",
    ),
    path("metrics/aging/", metrics_api.AgingApi.as_view(), name="api-metrics-aging"),
    path("metrics/cycle-time/", metrics_api.CycleTimeApi.as_view(), name="api-metrics-cycle-time"),
    path("mappings/", mapping_api.mapping_list, name="api-mappings"),
    path("mappings/<int:pk>/", mapping_api.mapping_detail, name="api-mapping"),
    path("trust/", include("trust.api_urls")),
    path("", include("reminders.api_urls")),
]
