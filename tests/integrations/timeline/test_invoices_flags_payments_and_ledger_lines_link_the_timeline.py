"""Every invoice, flag, payment and ledger line links its matter's timeline."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from billing.models import Payment
from reminders.models import AttorneyReview
from tests.billing.factories import draft_with_lines
from tests.trust.factories import deposit, trust_account_make

pytestmark = pytest.mark.django_db


def test_the_invoice_page_has_a_timeline_link(client, billing_clerk):
    invoice = draft_with_lines()
    client.force_login(billing_clerk)

    page = client.get(reverse("billing:invoice", args=[invoice.pk])).content.decode()

    timeline = reverse("integrations:matter-timeline", args=[invoice.matter.clio_id])
    assert f'href="{timeline}" data-testid="timeline"' in page


def test_a_flag_on_the_desk_links_its_matters_timeline(client, billing_clerk):
    invoice = draft_with_lines(number="R-2026-000777", status="sent")
    AttorneyReview.objects.create(invoice=invoice, matter=invoice.matter, flagged_at=timezone.now())
    client.force_login(billing_clerk)

    desk = client.get(reverse("reminders:flagged")).content.decode()

    timeline = reverse("integrations:matter-timeline", args=[invoice.matter.clio_id])
    assert f'<a href="{timeline}" title="Matter timeline">' in desk


def test_a_payment_and_each_ledger_line_link_the_timeline(client, billing_clerk):
    invoice = draft_with_lines(number="R-2026-000778", status="paid")
    Payment.objects.create(
        invoice=invoice,
        matter=invoice.matter,
        lawpay_transaction_id="t-1",
        lawpay_account_id="op",
        amount=Decimal("10.00"),
        received_at=invoice.created_at,
    )
    deposit(trust_account_make(), invoice.matter, "250.00")
    client.force_login(billing_clerk)

    payments = client.get(reverse("payments:list")).content.decode()
    ledger = client.get(reverse("trust:ledger", args=[invoice.matter.pk])).content.decode()

    timeline = reverse("integrations:matter-timeline", args=[invoice.matter.clio_id])
    assert f'<a href="{timeline}" title="Matter timeline">' in payments
    assert f'href="{timeline}" data-testid="timeline"' in ledger
    assert f'<a href="{timeline}?kind=trust" title="On the matter' in ledger
