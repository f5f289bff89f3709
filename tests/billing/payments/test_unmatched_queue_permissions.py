"""Only staff who may match payments see the unmatched queue or match a payment."""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from billing.models import Payment
from tests.billing.sandbox_world import smith_invoice


def _unmatched() -> Payment:
    return Payment.objects.create(
        lawpay_transaction_id="u1",
        lawpay_account_id="op",
        amount=Decimal("875.00"),
        received_at=timezone.now(),
    )


def test_an_attorney_can_neither_see_nor_match(client, attorney):
    payment = _unmatched()
    invoice = smith_invoice()
    client.force_login(attorney)

    assert client.get(reverse("payments:unmatched")).status_code == 403
    response = client.post(reverse("payments:match", args=[payment.pk]), {"invoice": invoice.pk})
    assert response.status_code == 403
    payment.refresh_from_db()
    assert payment.invoice is None


def test_anonymous_users_are_sent_to_log_in(client, db):
    assert client.get(reverse("payments:unmatched")).status_code == 302
    assert client.get(reverse("payments:list")).status_code == 302


def test_billing_staff_see_every_payment(client, billing_clerk):
    _unmatched()
    client.force_login(billing_clerk)

    assert "u1" in client.get(reverse("payments:list")).content.decode()
