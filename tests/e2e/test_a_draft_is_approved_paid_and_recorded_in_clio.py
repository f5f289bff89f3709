"""The billing flow a person clicks through (issue 6), over both emulators and a live Remit.

Clio's seeded firm is backfilled, drafts are made from its time, a billing clerk approves one
in the browser, opens the client's email in the sandbox mailbox, pays on LawPay's hosted page
with 4242 4242 4242 4242, and then sees the invoice paid in Remit and the note in Clio. Where a
Celery worker would run (outbox relay, LawPay event processing), the test runs the same
services itself, in order.
"""

import pytest

from billing.models import Invoice
from tests.billing.sandbox_world import CARD, lawpay_events_process, outbox_drain
from tests.e2e.conftest import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_clerk_approves_a_draft_and_the_client_pays_it_through_lawpay(page, live_server, firm):
    draft = (
        Invoice.objects.filter(status=Invoice.Status.DRAFT)
        .exclude(matter__client__primary_email="")
        .select_related("matter")
        .first()
    )
    assert draft is not None, "the demo firm should produce a draft for a client with an email"
    UserFactory(username="bill", role="Billing staff")
    log_in(page, live_server, "bill", "correct horse battery staple")

    # The clerk finds the draft in the queue and approves it.
    page.goto(f"{live_server.url}/billing/review/")
    page.click(f"a[href='/billing/invoices/{draft.pk}/']")
    page.click("button:has-text('Approve')")
    page.wait_for_selector("[data-testid=status]:has-text('Approved')")
    outbox_drain()  # the worker: email, Clio note, communication, billing status

    draft.refresh_from_db()
    assert draft.status == Invoice.Status.SENT
    assert draft.number.startswith("R-")

    # The email is in the sandbox mailbox; its pay button leads to LawPay's hosted page.
    page.goto(f"{live_server.url}/integrations/mailbox/")
    page.click(f"a:has-text('{draft.number}')")
    email = page.frame_locator("iframe[title=Email]")
    pay_link = email.locator("#pay-link").get_attribute("href")
    page.goto(pay_link)
    assert page.input_value("#reference").endswith(draft.number)
    assert page.locator("#amount").get_attribute("readonly") is not None
    page.fill("#name", "John Smith")
    page.fill("#number", "4242424242424242")
    page.fill("#exp_month", "12")
    page.fill("#exp_year", CARD["exp_year"])
    page.fill("#cvv", "123")
    page.click("button:has-text('Pay')")
    transaction_id = page.inner_text("#transaction-id").strip()

    lawpay_events_process()  # the worker: LawPay's events, re-fetched and matched
    outbox_drain()

    # Remit shows the invoice paid; Clio has the note with the transaction id.
    page.goto(f"{live_server.url}/billing/invoices/{draft.pk}/")
    assert page.inner_text("[data-testid=status]") == "Paid"
    notes = firm.clio_notes(draft.matter.clio_id)
    assert any(transaction_id in (note.get("detail") or "") for note in notes)
    assert firm.clio_billing_status(draft.matter.clio_id) == "Invoice Paid"
