import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("remit")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each app keeps its tasks in ``tasks.py``; a few keep a second module beside it by topic.
for module in ("tasks", "sync_tasks", "payment_tasks"):
    app.autodiscover_tasks(related_name=module)
