"""What a billing manager sees after approval (issue 14), clicked through in the browser over
both emulators: queue → approve → the invoices list shows it sent → its page shows who
approved it and the email → the client pays → the dashboard's collected figure moves.

The screens it passes are saved as screenshots: into ``REMIT_SCREENS_DIR`` when set (``make
screens`` sets it to docs/screens), else into the test's temporary directory.
"""

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

from billing.models import Invoice
from tests.billing.sandbox_world import CARD, lawpay_events_process, outbox_drain
from tests.e2e.conftest import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def screens(tmp_path) -> Path:
    folder = Path(os.environ.get("REMIT_SCREENS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _collected(page) -> Decimal:
    text = page.inner_text("[data-testid=card-collected] .h4")
    return Decimal(re.sub(r"[^0-9.]", "", text))


def _pay(page, pay_link: str) -> None:
    page.goto(pay_link)
    page.fill("#name", "John Smith")
    page.fill("#number", "4242424242424242")
    page.fill("#exp_month", "12")
    page.fill("#exp_year", CARD["exp_year"])
    page.fill("#cvv", "123")
    page.click("button:has-text('Pay')")
    page.wait_for_selector("#transaction-id")


def test_an_approved_invoice_is_followed_to_payment_and_counted(page, live_server, firm, screens):
    draft = (
        Invoice.objects.filter(status=Invoice.Status.DRAFT)
        .exclude(matter__client__primary_email="")
        .select_related("matter", "matter__client")
        .first()
    )
    assert draft is not None, "the demo firm should produce a draft for a client with an email"
    UserFactory(username="bill", role="Billing staff")
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, "bill", "correct horse battery staple")
    page.goto(f"{live_server.url}/billing/dashboard/")
    collected_before = _collected(page)

    page.goto(f"{live_server.url}/billing/review/")
    page.click(f"a[href='/billing/invoices/{draft.pk}/']")
    page.click("button:has-text('Approve')")
    page.wait_for_selector("[data-testid=status]:has-text('Approved')")
    outbox_drain()  # the worker: email, Clio note, communication, billing status
    draft.refresh_from_db()
    assert draft.status == Invoice.Status.SENT

    # The invoices list shows it sent, found by its number.
    page.goto(f"{live_server.url}/billing/invoices/")
    page.fill("#id_q", draft.number)
    page.click("button:has-text('Filter')")
    row = page.locator(f"tr[data-invoice='{draft.pk}']")
    assert "Sent" in row.inner_text()
    assert page.locator("tr[data-invoice]").count() == 1
    page.goto(f"{live_server.url}/billing/invoices/")
    page.screenshot(path=screens / "invoices-list.png", full_page=True)

    # Its page says who approved it, and its history holds the email to the client.
    page.goto(f"{live_server.url}/billing/invoices/{draft.pk}/")
    assert "by bill" in page.inner_text("[data-testid=approved]")
    email = page.locator("[data-testid=email]").first
    email.wait_for()
    assert draft.matter.client.primary_email in email.inner_text()
    page.screenshot(path=screens / "invoice-page.png", full_page=True)

    # The client pays from the email; the worker records it.
    page.click("[data-testid=mailbox]")
    pay_link = page.frame_locator("iframe[title=Email]").locator("#pay-link").get_attribute("href")
    _pay(page, pay_link)
    lawpay_events_process()
    outbox_drain()

    page.goto(f"{live_server.url}/billing/invoices/{draft.pk}/")
    assert page.inner_text("[data-testid=status]") == "Paid"
    page.goto(f"{live_server.url}/integrations/matters/{draft.matter.clio_id}/timeline/")
    assert draft.number in page.inner_text("main")
    page.screenshot(path=screens / "matter-timeline.png", full_page=True)

    page.goto(f"{live_server.url}/billing/dashboard/")
    assert _collected(page) == collected_before + draft.total
    page.screenshot(path=screens / "dashboard.png", full_page=True)

    # On a tablet held upright the same pages fit the width: wide tables scroll in their box.
    page.set_viewport_size({"width": 768, "height": 1024})
    for path in (
        "/billing/invoices/",
        f"/billing/invoices/{draft.pk}/",
        "/billing/payments/",
        "/billing/dashboard/",
    ):
        assert page.goto(f"{live_server.url}{path}").status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 768, f"{path} is {width}px wide on a tablet"
