from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from integrations.crypto import EncryptedTextField


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored secret under the newest FIELD_ENCRYPTION_KEYS key. Run after "
        "putting a new key first; then the old key can be dropped."
    )

    def handle(self, *args, **options):
        total = 0
        for model in apps.get_models():
            fields = [f.name for f in model._meta.fields if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            with transaction.atomic():
                for row in model._default_manager.select_for_update().only("pk", *fields):
                    # Reading decrypts with any key; update() encrypts with the newest.
                    values = {name: getattr(row, name) for name in fields}
                    model._default_manager.filter(pk=row.pk).update(**values)
                    total += 1
        self.stdout.write(f"Re-encrypted {total} row(s) under the newest key.")
