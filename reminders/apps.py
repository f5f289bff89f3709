from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"

    def ready(self) -> None:
        from accounts.selectors import queue_counter_register
        from billing.dashboard_ports import dashboard_figure_register
        from reminders.dashboard import reminder_stage_figure
        from reminders.selectors import reviews_waiting_count

        # The home page's count of overdue invoices waiting on the signed-in user's desk.
        queue_counter_register("reminders:flagged", lambda user: reviews_waiting_count(user=user))
        # The collections dashboard's "reminder stage reached before payment" (billing cannot
        # import reminders).
        dashboard_figure_register("reminder-stage", reminder_stage_figure)
