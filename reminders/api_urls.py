"""``/api/v1/reminders/`` and ``/api/v1/reviews/…`` (names fixed by the reminders API issue)."""

from django.urls import path

from reminders import api

urlpatterns: list = [
    path("reminders/", api.ReminderRunList.as_view(), name="api-reminders"),
    path("reviews/", api.ReviewList.as_view(), name="api-reviews"),
    path("reviews/<int:pk>/snooze/", api.ReviewSnooze.as_view(), name="api-review-snooze"),
    path("reviews/<int:pk>/resume/", api.ReviewResume.as_view(), name="api-review-resume"),
    path("reviews/<int:pk>/dispute/", api.ReviewDispute.as_view(), name="api-review-dispute"),
    path("reviews/<int:pk>/log-call/", api.ReviewCallLog.as_view(), name="api-review-log-call"),
    path("reviews/<int:pk>/write-off/", api.ReviewWriteOff.as_view(), name="api-review-write-off"),
]
