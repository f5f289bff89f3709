from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from integrations.sandbox_seed import MAX_CLIENTS, sandbox_seed


class Command(BaseCommand):
    help = (
        "Fill the local Clio emulator with a demo firm: users, clients, matters, 90 days of "
        "time and trust balances (skipped when it already holds that many matters)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=42, help="same seed, same firm")
        parser.add_argument("--clients", type=int, default=170)
        parser.add_argument("--matters", type=int, default=320)
        parser.add_argument("--entries", type=int, default=5200, help="time entries")
        parser.add_argument(
            "--force", action="store_true", help="add another firm's worth even if seeded"
        )

    def handle(self, *args, seed, clients, matters, entries, force, **options):
        if not 3 <= clients <= MAX_CLIENTS or clients > matters or entries < 0:
            raise CommandError(f"Need 3 <= clients <= min(matters, {MAX_CLIENTS}), entries >= 0.")
        try:
            result = sandbox_seed(
                base_url=settings.CLIO_BASE_URL,
                seed=seed,
                clients=clients,
                matters=matters,
                time_entries=entries,
                force=force,
            )
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        if result.skipped:
            self.stdout.write(
                f"Clio emulator already seeded ({result.existing_matters} matters); "
                "nothing to do (--force adds anyway)."
            )
            return
        mix = ", ".join(f"{n} {k}" for k, n in result.by_billing_method.items())
        statuses = ", ".join(f"{n} {k}" for k, n in result.by_status.items())
        self.stdout.write(
            f"Clio emulator seeded (seed {seed}) in {result.seconds:.1f}s: {result.users} users, "
            f"{result.clients} clients ({result.clients_without_email} without email), "
            f"{result.matters} matters ({mix}; {statuses}), {result.time_entries} time entries "
            f"over the last 90 days, trust deposits on {result.trust_matters} matters."
        )
