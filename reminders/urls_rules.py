from django.urls import path

from accounts.views import page_placeholder

urlpatterns = [
    path("", page_placeholder("reminders:rules"), name="rules"),
]
