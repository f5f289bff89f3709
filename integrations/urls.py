from django.urls import path

from accounts.views import page_placeholder
from integrations import views
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
    path("mappings/", page_placeholder("integrations:mappings"), name="mappings"),
    path("health/", page_placeholder("integrations:health"), name="health"),
]
