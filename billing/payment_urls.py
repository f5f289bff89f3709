from django.urls import path

from accounts.views import page_placeholder

app_name = "payments"
urlpatterns = [
    path("unmatched/", page_placeholder("payments:unmatched"), name="unmatched"),
]
