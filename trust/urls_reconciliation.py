"""Three-way reconciliation: statements, matching, the report and its sign-off."""

from django.urls import path

from trust import views_reconciliation as views

urlpatterns = [
    path("reconciliations/", views.reconciliations, name="reconciliations"),
    path("reconciliations/upload/", views.reconciliation_upload, name="reconciliation-upload"),
    path("reconciliations/<int:pk>/", views.reconciliation, name="reconciliation"),
    path(
        "reconciliations/<int:pk>/report.csv",
        views.reconciliation_csv,
        name="reconciliation-csv",
    ),
    path(
        "reconciliations/<int:pk>/sign-off/",
        views.reconciliation_sign_off_view,
        name="reconciliation-sign-off",
    ),
    path(
        "reconciliations/<int:pk>/match/",
        views.reconciliation_rematch,
        name="reconciliation-rematch",
    ),
    path("statements/<int:pk>/", views.statement, name="statement"),
    path(
        "statement-lines/<int:pk>/match/",
        views.statement_line_match_view,
        name="statement-line-match",
    ),
    path(
        "statement-lines/<int:pk>/unmatch/",
        views.statement_line_unmatch_view,
        name="statement-line-unmatch",
    ),
]
