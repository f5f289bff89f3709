from django.urls import path

from accounts.views import page_placeholder

app_name = "billing"
urlpatterns = [
    path("review/", page_placeholder("billing:review"), name="review"),
    path("attention/", page_placeholder("billing:attention"), name="attention"),
]
