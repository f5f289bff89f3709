"""Billing staff filter the review queue down to one attorney's drafts, open one, remove a line
(with a reason, its entry back in the pool), approve it, and see it sent for the new total."""

from decimal import Decimal

import pytest

from billing.models import Invoice
from tests.billing.sandbox_world import outbox_drain
from tests.e2e.conftest import log_in
from tests.e2e.journeys import draft_for_a_client_with_email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _money(text: str) -> Decimal:
    return Decimal(text.replace("$", "").replace(",", "").strip())


def test_a_clerk_removes_a_line_then_approves_and_the_invoice_goes_out(page, live_server, firm):
    draft = draft_for_a_client_with_email(lines=2)
    attorney = draft.matter.responsible_attorney
    UserFactory(username="bill", role="Billing staff")
    log_in(page, live_server, "bill", "correct horse battery staple")

    page.goto(f"{live_server.url}/billing/review/")
    page.select_option("#id_attorney", str(attorney.pk))
    page.click("button:has-text('Filter')")
    rows = page.locator("tr[data-invoice]")
    assert (
        rows.count()
        == Invoice.objects.filter(
            status=Invoice.Status.DRAFT, matter__responsible_attorney=attorney
        ).count()
    )
    page.click(f"a[href='/billing/invoices/{draft.pk}/']")

    removed = draft.lines.filter(live=True).order_by("date", "pk").first()
    remove = f"button[hx-post='/billing/lines/{removed.pk}/remove/']"
    page.once("dialog", lambda dialog: dialog.accept("Billed on the retainer"))
    page.click(remove)
    page.wait_for_selector(remove, state="detached")
    expected = draft.total - removed.amount
    assert _money(page.inner_text("[data-testid=total]")) == expected

    page.click("button:has-text('Approve')")
    page.wait_for_selector("[data-testid=status]:has-text('Approved')")
    outbox_drain()  # the worker sends the email
    page.reload()

    assert page.inner_text("[data-testid=status]") == "Sent"
    draft.refresh_from_db()
    assert (draft.status, draft.total) == (Invoice.Status.SENT, expected)
    removed.refresh_from_db()
    assert removed.live is False
    history = page.locator("[data-testid=changes]")
    history.wait_for()
    assert "removed: Billed on the retainer" in history.inner_text()
