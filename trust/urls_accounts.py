from django.urls import path

from trust import views_accounts

urlpatterns = [
    path("accounts/", views_accounts.accounts, name="accounts"),
]
