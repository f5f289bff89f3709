from importlib import import_module

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class IntegrationsConfig(AppConfig):
    name = "integrations"

    def ready(self) -> None:
        from integrations.health import periodic_tasks_ensure
        from integrations.inbound import tasks as inbound_tasks
        from integrations.inbound.queue import INBOUND
        from integrations.outbox import registry
        from integrations.outbox import tasks as outbox_tasks
        from integrations.outbox.queue import OUTBOX

        # The work queues hand new rows to Celery through the tasks, which sit above them;
        # looked up at call time, so a test can swap the hand-off.
        INBOUND.waker = lambda event: inbound_tasks.inbound_event_enqueue(
            event_id=event.pk, source=event.source
        )
        OUTBOX.waker = lambda message: outbox_tasks.outbox_message_enqueue(
            message_id=message.pk, kind=message.kind
        )
        import_module(registry.HANDLER_PACKAGE)  # every outbox handler registered at start-up
        post_migrate.connect(periodic_tasks_ensure, sender=self)
