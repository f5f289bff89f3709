"""``manage.py demo_story``: the demo firm's first morning (approvals, trust, payments), once,
against the emulators only; ``make run`` tells it in the background on first start."""

from django.core.management.base import BaseCommand, CommandError

from integrations.demo_story import DemoStoryRefused, demo_story_tell
from integrations.sandbox_check.remote import CheckFailed


class Command(BaseCommand):
    help = "Approve, apply trust and pay some of the demo firm's drafts (emulators only, once)."

    def add_arguments(self, parser):
        parser.add_argument("--wait", type=float, default=180, help="seconds to wait for drafts")

    def handle(self, *args, **options):
        try:
            story = demo_story_tell(wait_seconds=options["wait"])
        except (DemoStoryRefused, CheckFailed) as exc:
            raise CommandError(f"No demo story: {exc}") from exc
        if story.skipped:
            self.stdout.write(story.skipped)
            return
        for what, numbers in (
            ("Approved and sent", story.approved),
            ("Trust applied to", story.trust_applied),
            ("Paid in full on LawPay's page", story.paid),
            ("Paid in part", story.partly_paid),
        ):
            self.stdout.write(f"{what}: {', '.join(numbers) or 'none'}")
