from django.core.management.base import BaseCommand

from integrations.clio.sync.backfill import clio_backfill_run
from integrations.clio.sync.resources import RESOURCES


class Command(BaseCommand):
    help = "Mirror every Clio user, contact, matter and activity; resumes where it stopped."

    def add_arguments(self, parser):
        parser.add_argument("--resource", action="append", choices=list(RESOURCES))
        parser.add_argument(
            "--restart", action="store_true", help="start over, even for finished resources"
        )

    def handle(self, *args, **options):
        for p in clio_backfill_run(resources=options["resource"], restart=options["restart"]):
            self.stdout.write(
                f"{p.resource}: {p.records} records, {p.pages} pages, {p.api_calls} API calls "
                f"(minimum {p.minimum_calls}), {p.seconds:.1f}s"
            )
