"""``demo_story`` tells the demo firm's first morning through Remit's flows over the emulators:
drafts approved and emailed, invoices paid on LawPay's page (one in part); told once; refused
when Remit is not running against the emulators."""

import pytest
from django.core.management import CommandError, call_command

from billing.models import Invoice, Payment
from integrations.clio.sync import clio_backfill_run
from integrations.demo_story import DemoStoryRefused, demo_story_tell
from tests.e2e.conftest import drafts_due
from tests.factories import UserFactory


@pytest.fixture
def firm(world):
    UserFactory(username="billing", role="Billing staff")
    UserFactory(username="admin", role="Admin")
    clio_backfill_run()
    drafts_due()
    assert Invoice.objects.filter(status=Invoice.Status.DRAFT).exists()
    return world


def test_drafts_are_approved_sent_and_some_paid(firm):
    story = demo_story_tell(wait_seconds=1)

    assert story.approved, "some demo drafts should be approvable"
    approved = Invoice.objects.exclude(approved_at=None)
    assert {str(i) for i in approved} >= set(story.approved)
    assert all(i.approved_by.username == "billing" for i in approved if str(i) in story.approved)
    paid = {str(p.invoice) for p in Payment.objects.select_related("invoice")}
    assert paid == set(story.paid) | set(story.partly_paid)
    for number in story.paid:
        assert Invoice.objects.get(number=number).status == Invoice.Status.PAID
    for number in story.partly_paid:
        invoice = Invoice.objects.get(number=number)
        assert invoice.status == Invoice.Status.PARTIALLY_PAID
        assert 0 < invoice.amount_paid < invoice.total


def test_the_story_is_told_once(firm):
    demo_story_tell(wait_seconds=1)
    payments = Payment.objects.count()

    again = demo_story_tell(wait_seconds=1)

    assert again.skipped and not again.approved
    assert Payment.objects.count() == payments


def test_it_refuses_unless_remit_runs_against_the_emulators(firm, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

    with pytest.raises(DemoStoryRefused, match="real mail server"):
        demo_story_tell(wait_seconds=1)
    with pytest.raises(CommandError, match="No demo story"):
        call_command("demo_story", "--wait", "1")
    assert not Invoice.objects.exclude(approved_at=None).exists()
