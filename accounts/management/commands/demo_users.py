from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.services import demo_users_create


class Command(BaseCommand):
    help = "Create the demo users (admin, billing, attorney) once, with random passwords."

    def handle(self, *args, **options):
        path = Path(settings.VAR_DIR) / "demo-credentials.txt"
        created = demo_users_create(credentials_path=path)
        if created:
            self.stdout.write(f"Demo logins (also written to {path}):")
            for username, password in created.items():
                self.stdout.write(f"  {username:<9} {password}")
        else:
            self.stdout.write(f"Demo logins: see {path}")
