"""``manage.py reminders_scan [--as-of YYYY-MM-DD]``: run the overdue scan now.

``--as-of`` scans as if it were that day (at the start of business hours, firm time zone), so a
person can watch the 7 / 21 / 30-day sequence without waiting a month. It is refused unless Remit
runs against the emulators with the sandbox mailbox: against real services it would remind real
clients early.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from reminders.models import ReminderRun
from reminders.ports import sandbox_refusal
from reminders.services.rules import business_hours, firm_zone
from reminders.services.scan import reminders_scan


class Command(BaseCommand):
    help = "Claim and start the reminder steps that are due (7 / 21 / 30 days after sending)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of",
            metavar="YYYY-MM-DD",
            help="Scan as if it were this day (only against the sandbox emulators).",
        )

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        if options["as_of"] is not None:
            try:
                day = date.fromisoformat(options["as_of"])
            except ValueError as error:
                raise CommandError(
                    f"--as-of must be a date (YYYY-MM-DD), not {options['as_of']!r}."
                ) from error
            refusal = sandbox_refusal()
            if refusal:
                raise CommandError(
                    f"--as-of is accepted only against the sandbox emulators: {refusal}"
                )
            hours = business_hours()
            opening = datetime.combine(day, hours.start, tzinfo=firm_zone()) + timedelta(minutes=1)
            if day < timezone.localdate(now, firm_zone()):
                raise CommandError(
                    "--as-of must be today or later: the sequence only moves forward."
                )
            now = opening
        result = reminders_scan(now=now)
        self.stdout.write(f"Scanned as of {now.astimezone(firm_zone()):%Y-%m-%d %H:%M %Z}.")
        runs = {
            run.pk: run
            for run in ReminderRun.objects.filter(
                pk__in=[*result.sent, *result.flagged, *result.skipped]
            ).select_related("invoice")
        }
        for label, ids in (
            ("emailed", result.sent),
            ("flagged", result.flagged),
            ("skipped", result.skipped),
        ):
            for pk in ids:
                run = runs[pk]
                why = f" — {run.get_reason_display()}: {run.detail}" if run.reason else ""
                self.stdout.write(f"  {label}: {run.invoice} day {run.day_offset}{why}")
        if result.waiting:
            when = result.next_business_start
            self.stdout.write(
                f"  {len(result.waiting)} invoice(s) wait for business hours"
                + (f" (next: {when.astimezone(firm_zone()):%A %Y-%m-%d %H:%M})." if when else ".")
            )
        self.stdout.write(
            f"{len(result.sent)} reminder(s) to email, {len(result.flagged)} flagged for the "
            f"attorney, {len(result.skipped)} skipped, {len(result.raced)} decided by another scan."
        )
