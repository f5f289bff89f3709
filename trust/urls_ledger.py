"""Trust balances, matter ledgers, the journal and the transfers to execute at the bank."""

from django.urls import path

from trust import views_ledger as views

urlpatterns = [
    path("", views.balances, name="balances"),
    path("matters/<int:pk>/", views.ledger, name="ledger"),
    path("matters/<int:pk>/ledger.csv", views.ledger_csv, name="ledger-csv"),
    path("journal/", views.journal, name="journal"),
    path("journal/journal.csv", views.journal_csv, name="journal-csv"),
    path("transfers/", views.transfers, name="transfers"),
    path("transfers/execute/", views.transfer_execute, name="transfer-execute"),
]
