from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from config.health import healthz
from integrations import inbound

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("webhooks/lawpay/<str:token>/", inbound.lawpay_webhook, name="webhooks-lawpay"),
    path("", include("accounts.urls")),
    path("billing/", include("billing.urls")),
    path("billing/payments/", include("billing.payment_urls")),
    path("pay/", include("billing.public_urls")),
    path("integrations/mailbox/", include("integrations.mailbox_urls")),
    path("trust/", include("trust.urls")),
    path("reminders/", include("reminders.urls")),
    path("integrations/", include("integrations.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("admin/", admin.site.urls),
]
