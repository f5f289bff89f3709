from django.urls import path

from accounts.views import page_placeholder

urlpatterns = [
    path("flagged/", page_placeholder("reminders:flagged"), name="flagged"),
]
