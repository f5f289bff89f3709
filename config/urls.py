from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import BasePermission

from config.health import healthz
from integrations.inbound import receivers as inbound


class SchemaReader(BasePermission):
    """Signed-in users read /api/schema/; everyone when ``API_SCHEMA_PUBLIC`` is on."""

    def has_permission(self, request, view) -> bool:
        return settings.API_SCHEMA_PUBLIC or bool(request.user and request.user.is_authenticated)


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("webhooks/lawpay/<str:token>/", inbound.lawpay_webhook, name="webhooks-lawpay"),
    path("webhooks/clio/", inbound.clio_webhook, name="webhooks-clio"),
    path("api/v1/inbound-events/", include("integrations.api_urls")),
    path("", include("accounts.urls")),
    path("billing/", include("billing.urls")),
    path("billing/payments/", include("billing.payment_urls")),
    path("pay/", include("billing.public_urls")),
    path("integrations/mailbox/", include("integrations.email.urls")),
    path("trust/", include("trust.urls")),
    path("reminders/", include("reminders.urls")),
    path("integrations/", include("integrations.urls")),
    path("api/v1/", include("config.api_urls")),
    path(
        "api/schema/",
        SpectacularAPIView.as_view(permission_classes=[SchemaReader]),
        name="api-schema",
    ),
    path("admin/", admin.site.urls),
]

if settings.BENCH_VIEWS:
    urlpatterns.append(path("bench/insert/", inbound.bench_insert, name="bench-insert"))
