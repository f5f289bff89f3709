from django.core.management.base import BaseCommand

from billing.services.mappings import matter_mappings_backfill


class Command(BaseCommand):
    help = "Create the LawPay reference mapping of every mirrored matter that has none."

    def handle(self, *args, **options):
        created = matter_mappings_backfill()
        self.stdout.write(f"{created} mapping(s) created.")
