from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"

    def ready(self) -> None:
        from accounts.selectors import queue_counter_register
        from reminders.selectors import reviews_waiting_count

        # The home page's count of overdue invoices waiting on the signed-in user's desk.
        queue_counter_register("reminders:flagged", lambda user: reviews_waiting_count(user=user))
