# Client-facing pages (no login; signed URLs).
from django.urls import path

from billing import public_views

app_name = "public"
urlpatterns = [
    path("invoice/<str:token>/", public_views.invoice, name="invoice"),
]
