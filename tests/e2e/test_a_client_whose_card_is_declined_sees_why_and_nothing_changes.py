"""The client opens the emailed link and pays with a card the bank declines: LawPay's page says
so, and Remit records no payment (the invoice stays sent, amount due unchanged); paying again
with a good card then settles it."""

import pytest

from billing.models import Invoice, Payment
from billing.services.review import invoice_approve
from tests.billing.sandbox_world import lawpay_events_process, outbox_drain
from tests.e2e.conftest import log_in
from tests.e2e.journeys import draft_for_a_client_with_email, pay_link_from_mailbox, pay_on_lawpay
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

DECLINED = "4000000000000002"  # docs/sandbox/lawpay.md, test cards: card_declined


@pytest.fixture
def sent(firm):
    invoice = draft_for_a_client_with_email()
    invoice_approve(invoice=invoice, user=None)
    outbox_drain()
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.SENT
    return invoice


def test_a_declined_card_is_shown_and_records_nothing(page, live_server, sent):
    UserFactory(username="bill", role="Billing staff")
    log_in(page, live_server, "bill", "correct horse battery staple")
    pay_link = pay_link_from_mailbox(page, live_server, sent)

    pay_on_lawpay(page, pay_link, number=DECLINED)

    assert "declined" in page.inner_text("#error").lower()
    lawpay_events_process()  # the worker: whatever LawPay reports of the attempt
    outbox_drain()
    sent.refresh_from_db()
    assert (sent.status, sent.amount_paid) == (Invoice.Status.SENT, 0)
    assert not Payment.objects.exists()
    page.goto(f"{live_server.url}/billing/invoices/{sent.pk}/")
    assert page.inner_text("[data-testid=status]") == "Sent"

    pay_on_lawpay(page, pay_link)
    page.wait_for_selector("#transaction-id")
    lawpay_events_process()
    outbox_drain()

    sent.refresh_from_db()
    assert (sent.status, Payment.objects.count()) == (Invoice.Status.PAID, 1)
