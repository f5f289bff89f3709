from django.urls import path

from billing import views, views_dashboard, views_invoice_actions, views_invoices, views_lines

app_name = "billing"
urlpatterns = [
    path("review/", views.review_queue, name="review"),
    path("review/bulk-approve/", views.bulk_approve, name="bulk-approve"),
    path("invoices/", views_invoices.invoices, name="invoices"),
    path("invoices.csv", views_invoices.invoices_csv, name="invoices-csv"),
    path("invoices/<int:pk>/", views.invoice_view, name="invoice"),
    path("invoices/<int:pk>/approve/", views.approve, name="approve"),
    path("invoices/<int:pk>/hold/", views.hold, name="hold"),
    path("invoices/<int:pk>/resume/", views.resume, name="resume"),
    path("invoices/<int:pk>/reject/", views.reject, name="reject"),
    path("invoices/<int:pk>/draft-again/", views.draft_again, name="draft-again"),
    path("invoices/<int:pk>/resend/", views_invoice_actions.invoice_resend, name="invoice-resend"),
    path("invoices/<int:pk>/void/", views_invoice_actions.invoice_void_view, name="invoice-void"),
    path("invoices/<int:pk>/discount/", views_lines.invoice_discount, name="invoice-discount"),
    path("lines/<int:pk>/remove/", views_lines.line_remove, name="line-remove"),
    path("lines/<int:pk>/edit/", views_lines.line_edit, name="line-edit"),
    path("lines/<int:pk>/write-down/", views_lines.line_write_down, name="line-write-down"),
    path(
        "adjustments/<int:pk>/withdraw/",
        views_lines.adjustment_withdraw,
        name="adjustment-withdraw",
    ),
    path("attention/", views.attention, name="attention"),
    path("attention/<int:pk>/resolve/", views.attention_resolve, name="attention-resolve"),
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("dashboard.csv", views_dashboard.dashboard_csv, name="dashboard-csv"),
    path("rules/", views.rules, name="rules"),
    path("dry-run/", views.dry_run, name="dry-run"),
]
