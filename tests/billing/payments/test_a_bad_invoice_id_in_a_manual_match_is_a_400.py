"""Matching a payment by hand to an invoice id that is not an id is a 400, not a 500."""

import pytest
from django.urls import reverse
from django.utils import timezone

from billing.models import Payment


@pytest.mark.parametrize("raw", ["²", "1" * 23, "-3"])
def test_a_bad_invoice_id_is_a_400_and_the_payment_stays_unmatched(client, billing_clerk, raw):
    payment = Payment.objects.create(
        lawpay_transaction_id="u1",
        lawpay_account_id="op",
        amount="50.00",
        received_at=timezone.now(),
    )
    client.force_login(billing_clerk)

    response = client.post(reverse("payments:match", args=[payment.pk]), {"invoice": raw})

    assert response.status_code == 400
    assert "invoice" in response.content.decode()
    payment.refresh_from_db()
    assert payment.invoice is None


def test_an_unknown_but_valid_invoice_id_still_asks_to_choose(client, billing_clerk):
    payment = Payment.objects.create(
        lawpay_transaction_id="u1",
        lawpay_account_id="op",
        amount="50.00",
        received_at=timezone.now(),
    )
    client.force_login(billing_clerk)

    response = client.post(reverse("payments:match", args=[payment.pk]), {"invoice": "9" * 18})

    assert response.status_code == 302
