from importlib import import_module

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class IntegrationsConfig(AppConfig):
    name = "integrations"

    def ready(self) -> None:
        from accounts.selectors import queue_counter_register
        from billing import ports
        from integrations.health import integration_health_get, periodic_tasks_ensure
        from integrations.inbound import tasks as inbound_tasks
        from integrations.inbound.queue import INBOUND
        from integrations.lawpay import setup_mirror
        from integrations.lawpay.links import payment_link_build
        from integrations.models import LawPayConnection, MailboxMessage
        from integrations.outbox import registry
        from integrations.outbox import tasks as outbox_tasks
        from integrations.outbox.queue import OUTBOX
        from integrations.sandbox_connect import connections_are_emulators
        from reminders import ports as reminder_ports

        # The work queues hand new rows to Celery through the tasks, which sit above them;
        # looked up at call time, so a test can swap the hand-off.
        INBOUND.waker = lambda event: inbound_tasks.inbound_event_enqueue(
            event_id=event.pk, source=event.source
        )
        OUTBOX.waker = lambda message: outbox_tasks.outbox_message_enqueue(
            message_id=message.pk, kind=message.kind
        )
        import_module(registry.HANDLER_PACKAGE)  # every outbox handler registered at start-up
        # Billing asks for payment links through its port and reads the processor's accounts
        # from its own mirror, which follows the connection.
        ports.payment_link_builder_set(payment_link_build)
        # ``reminders_scan --as-of`` asks whether Remit runs against the emulators.
        reminder_ports.sandbox_check_set(connections_are_emulators)
        post_save.connect(setup_mirror.lawpay_connection_saved, sender=LawPayConnection)
        post_delete.connect(setup_mirror.lawpay_connection_deleted, sender=LawPayConnection)
        post_migrate.connect(periodic_tasks_ensure, sender=self)
        # The home page's counts of the integrations' queues.
        queue_counter_register("mailbox:inbox", lambda user: MailboxMessage.objects.count())
        queue_counter_register(
            "integrations:health", lambda user: len(integration_health_get().problems)
        )
