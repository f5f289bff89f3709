from django.urls import path

from accounts.views import page_placeholder

app_name = "integrations"
urlpatterns = [
    path("mappings/", page_placeholder("integrations:mappings"), name="mappings"),
    path("health/", page_placeholder("integrations:health"), name="health"),
]
