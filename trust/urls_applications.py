from django.urls import path

from accounts.views import page_placeholder

urlpatterns = [
    path("applications/", page_placeholder("trust:applications"), name="applications"),
]
