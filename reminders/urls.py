from django.urls import include, path

app_name = "reminders"
urlpatterns = [
    # The attorney's desk, the reminder history of an invoice and "send reminder now".
    path("", include("reminders.urls_desk")),
    # The reminder rules: steps, business hours, opt-outs (admins).
    path("rules/", include("reminders.urls_rules")),
]
