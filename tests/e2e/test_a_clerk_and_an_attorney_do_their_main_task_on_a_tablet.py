"""On a tablet held upright (768×1024) billing staff approve a draft from the queue, and an
attorney logs a call and snoozes a flagged matter, cannot open another attorney's invoice; no
page is wider than the screen (wide tables scroll inside their box)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from billing.models import Invoice
from billing.services.drafts import firm_today
from integrations.clio.connection import clio_rate_limiter
from reminders.models import AttorneyReview
from tests.billing.factories import MatterFactory, draft_with_lines
from tests.billing.sandbox_world import outbox_drain, world_build
from tests.e2e.conftest import log_in
from tests.e2e.journeys import draft_for_a_client_with_email
from tests.factories import UserFactory
from tests.reminders.sequence import day_of_sequence, invoice_sent, scan_at

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "correct horse battery staple"
TABLET = {"width": 768, "height": 1024}


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= TABLET["width"], f"{page.url} is {width}px wide on a tablet"


def test_a_clerk_approves_a_draft_from_the_queue_on_a_tablet(page, live_server, firm):
    draft = draft_for_a_client_with_email()
    UserFactory(username="bill", role="Billing staff")
    page.set_viewport_size(TABLET)
    log_in(page, live_server, "bill", PASSWORD)

    page.goto(f"{live_server.url}/billing/review/")
    _fits(page)
    page.click(f"a[href='/billing/invoices/{draft.pk}/']")
    _fits(page)
    page.click("button:has-text('Approve')")
    page.wait_for_selector("[data-testid=status]:has-text('Approved')")
    outbox_drain()

    draft.refresh_from_db()
    assert draft.status == Invoice.Status.SENT


def test_an_attorney_logs_a_call_and_snoozes_on_a_tablet(
    page, live_server, clio_sandbox, lawpay_sandbox, settings
):
    settings.CLIO_BASE_URL = clio_sandbox.base_url
    settings.LAWPAY_BASE_URL = lawpay_sandbox.base_url
    settings.REMIT_PUBLIC_URL = live_server.url
    settings.EMAIL_BACKEND = "integrations.email.backend.MailboxBackend"
    clio_rate_limiter.cache_clear()
    firm = world_build(clio_url=clio_sandbox.base_url, lawpay_url=lawpay_sandbox.base_url)
    alice = UserFactory(username="alice", role="Attorney")
    invoice = invoice_sent(firm, attorney_user=alice)
    scan_at(day_of_sequence(30))
    others = draft_with_lines(  # another attorney's matter
        matter=MatterFactory(display_number="09999-Other"), number="R-2026-009999", status="sent"
    )
    page.set_viewport_size(TABLET)
    log_in(page, live_server, "alice", PASSWORD)

    page.goto(f"{live_server.url}/reminders/flagged/")
    _fits(page)
    row = page.locator("tbody", has_text=invoice.number)
    row.locator("textarea[name=note]").first.fill("Spoke to John; he pays Friday.")
    row.locator("button:has-text('Log call')").click()
    page.wait_for_selector(".alert-success")
    # Ten firm days after the browser's today (the snooze must be a later day, within a year).
    until = (firm_today(now=timezone.now()) + timedelta(days=10)).isoformat()
    row = page.locator("tbody", has_text=invoice.number)
    row.locator("input[name=until]").fill(until)
    row.locator("button:has-text('Snooze')").click()
    page.wait_for_selector(".alert-success")
    _fits(page)

    review = AttorneyReview.objects.get(invoice=invoice)
    assert review.state == AttorneyReview.State.SNOOZED
    assert review.snoozed_until.isoformat() == until
    assert page.goto(f"{live_server.url}/billing/invoices/{others.pk}/").status == 404
