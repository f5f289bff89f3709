from django.urls import path

from trust import views_applications as views
from trust import views_evergreen

urlpatterns = [
    path("applications/", views.applications, name="applications"),
    path("applications/<int:pk>/approve/", views.application_approve, name="application-approve"),
    path("applications/<int:pk>/decline/", views.application_decline, name="application-decline"),
    path("ledgers/<int:pk>/evergreen/", views_evergreen.evergreen_set, name="evergreen-set"),
]
