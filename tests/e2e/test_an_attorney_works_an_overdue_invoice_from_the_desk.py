"""The reminder sequence, then the attorney's desk, clicked through (issue 13) over both
emulators and a live Remit: an invoice sent on day 0 gets its day-7 and day-21 reminders and is
flagged on day 30; its attorney finds it on their home page and desk, logs a call and marks it
disputed; Clio has every note and the task; billing staff see the dispute."""

import pytest

from billing.models import Invoice
from integrations.clio.connection import clio_rate_limiter
from reminders.models import AttorneyReview, ReviewAction
from tests.billing.sandbox_world import outbox_drain, world_build
from tests.e2e.conftest import log_in
from tests.factories import UserFactory
from tests.reminders.sequence import day_of_sequence, invoice_sent, reminder_emails, scan_at

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "correct horse battery staple"


@pytest.fixture
def firm(live_server, clio_sandbox, lawpay_sandbox, settings):
    settings.CLIO_BASE_URL = clio_sandbox.base_url
    settings.LAWPAY_BASE_URL = lawpay_sandbox.base_url
    settings.REMIT_PUBLIC_URL = live_server.url
    settings.EMAIL_BACKEND = "integrations.email.backend.MailboxBackend"
    clio_rate_limiter.cache_clear()
    return world_build(clio_url=clio_sandbox.base_url, lawpay_url=lawpay_sandbox.base_url)


def test_the_attorney_logs_a_call_and_marks_the_invoice_disputed(page, live_server, firm):
    alice = UserFactory(username="alice", role="Attorney")
    UserFactory(username="bill", role="Billing staff")
    invoice = invoice_sent(firm, attorney_user=alice)
    for day in (7, 21, 30):
        scan_at(day_of_sequence(day))
    assert [m.subject.split(":")[0] for m in reminder_emails()] == ["Reminder", "Second reminder"]

    log_in(page, live_server, "alice", PASSWORD)
    card = page.locator("[data-testid=queue]", has_text="My flagged matters")
    assert card.locator("[data-testid=count]").inner_text() == "1"
    card.locator("a").click()
    row = page.locator("tbody", has_text=invoice.number)
    assert "$875.00" in row.inner_text()
    row.locator("textarea[name=note]").first.fill("Left a voicemail for John.")
    row.locator("button:has-text('Log call')").click()
    page.wait_for_selector(".alert-success")
    row = page.locator("tbody", has_text=invoice.number)
    row.locator("form:has(button:has-text('Mark disputed')) textarea").fill(
        "Client says the October hours are too high."
    )
    row.locator("button:has-text('Mark disputed')").click()
    page.wait_for_selector(".alert-success")
    outbox_drain()

    invoice.refresh_from_db()
    assert invoice.disputed_at is not None
    review = AttorneyReview.objects.get(invoice=invoice)
    assert review.state == AttorneyReview.State.DISPUTED
    assert list(review.actions.order_by("pk").values_list("kind", flat=True)) == [
        ReviewAction.Kind.FLAGGED,
        ReviewAction.Kind.CALL_LOGGED,
        ReviewAction.Kind.DISPUTED,
    ]
    subjects = [n["subject"] for n in firm.clio_notes(1001)]
    for expected in (
        f"Remit: reminder for invoice {invoice.number} sent",
        f"Remit: invoice {invoice.number} flagged for attorney review",
        f"Call about overdue invoice {invoice.number}",
        f"Invoice {invoice.number} disputed",
    ):
        assert expected in subjects, subjects
    tasks = firm.clio_get("tasks.json", matter_id=1001, fields="id,name,assignee")["data"]
    assert [t["assignee"]["id"] for t in tasks if invoice.number in t["name"]] == [3001]

    billing = page.context.browser.new_context().new_page()
    log_in(billing, live_server, "bill", PASSWORD)
    billing.goto(f"{live_server.url}/reminders/flagged/?show=disputed")
    assert invoice.number in billing.inner_text("main")
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.SENT
