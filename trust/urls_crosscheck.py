from django.urls import path

from trust.views_crosscheck import crosscheck

urlpatterns = [
    path("cross-check/", crosscheck, name="crosscheck"),
]
