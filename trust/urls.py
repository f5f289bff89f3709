from django.urls import path

from accounts.views import page_placeholder

app_name = "trust"
urlpatterns = [
    path("applications/", page_placeholder("trust:applications"), name="applications"),
]
