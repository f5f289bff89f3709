from django.urls import path

from reminders import views_desk as views

urlpatterns = [
    path("flagged/", views.desk, name="flagged"),
    path("flagged/<int:pk>/call/", views.desk_log_call, name="review-log-call"),
    path("flagged/<int:pk>/snooze/", views.desk_snooze, name="review-snooze"),
    path("flagged/<int:pk>/resume/", views.desk_resume, name="review-resume"),
    path("flagged/<int:pk>/dispute/", views.desk_dispute, name="review-dispute"),
    path("flagged/<int:pk>/write-off/", views.desk_write_off, name="review-write-off"),
    path("overdue/", views.overdue, name="overdue"),
    path("overdue/<int:pk>/send/", views.send_now, name="send-now"),
    path("invoices/<int:pk>/", views.invoice_reminders, name="invoice"),
]
