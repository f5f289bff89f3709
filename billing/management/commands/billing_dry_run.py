"""``manage.py billing_dry_run [--threshold 250]``: what would be drafted now; changes nothing."""

from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from billing.services.evaluation import billing_dry_run


class Command(BaseCommand):
    help = "List the draft invoices the billing rules would create now, without creating them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--threshold", help="Try another threshold (dollars); the saved rules are unchanged."
        )

    def handle(self, *args, threshold=None, **options):
        if threshold is not None:
            try:
                threshold = Decimal(threshold).quantize(Decimal("0.01"))
            except InvalidOperation:
                raise CommandError(f"--threshold must be an amount, not {threshold!r}") from None
            if threshold < 0:
                raise CommandError("--threshold cannot be negative")
        rows = billing_dry_run(now=timezone.now(), threshold=threshold)
        self.stdout.write(f"{'matter':<24} {'trigger':<18} {'entries':>7} {'amount':>12}  note")
        for row in rows:
            self.stdout.write(
                f"{row.matter.display_number[:24]:<24} {row.trigger:<18} {row.entries:>7} "
                f"{row.amount:>12,.2f}  {row.skip_reason}"
            )
        drafted = [row for row in rows if not row.skip_reason]
        total = sum((row.amount for row in drafted), Decimal("0.00"))
        self.stdout.write(
            f"{len(drafted)} draft(s) would be created, ${total:,.2f} in all"
            + (f" (threshold ${threshold})" if threshold is not None else "")
            + ". Nothing was changed."
        )
