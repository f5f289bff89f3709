from django.urls import path

from billing import payment_views

app_name = "payments"
urlpatterns = [
    path("", payment_views.payments, name="list"),
    path("payments.csv", payment_views.payments_csv, name="csv"),
    path("unmatched/", payment_views.unmatched, name="unmatched"),
    path("<int:pk>/match/", payment_views.match, name="match"),
]
