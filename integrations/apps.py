from django.apps import AppConfig
from django.db.models.signals import post_migrate


class IntegrationsConfig(AppConfig):
    name = "integrations"

    def ready(self) -> None:
        import integrations.handlers  # noqa: F401 - registers delivery and payment handlers
        from integrations.schedules import periodic_tasks_ensure

        post_migrate.connect(periodic_tasks_ensure, sender=self)
