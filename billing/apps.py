from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "billing"

    def ready(self) -> None:
        from accounts.selectors import queue_counter_register
        from billing.models import Invoice
        from billing.selectors import (
            attention_invoices,
            attention_items_unattached,
            invoices_visible,
        )
        from billing.services.payments import payments_unmatched

        # The home page's counts of billing's queues.
        queue_counter_register(
            "billing:review",
            lambda user: (
                invoices_visible(user=user)
                .filter(status__in=(Invoice.Status.DRAFT, Invoice.Status.ON_HOLD), live=True)
                .count()
            ),
        )
        queue_counter_register(
            "billing:attention",
            lambda user: (
                attention_invoices(user=user).count()
                + attention_items_unattached(user=user).count()
            ),
        )
        queue_counter_register("payments:unmatched", lambda user: payments_unmatched().count())
