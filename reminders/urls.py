from django.urls import path

from accounts.views import page_placeholder

app_name = "reminders"
urlpatterns = [
    path("flagged/", page_placeholder("reminders:flagged"), name="flagged"),
]
