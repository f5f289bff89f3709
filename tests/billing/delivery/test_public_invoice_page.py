"""The client's invoice page: a signed URL, no login; tampered or expired links are refused."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from billing.models import Invoice
from billing.services.delivery import invoice_public_url
from tests.billing.delivery.test_delivery_checks import lawpay_page  # noqa: F401
from tests.billing.sandbox_world import smith_invoice


def _path(invoice) -> str:
    return invoice_public_url(invoice=invoice).removeprefix("http://testserver")


def _sent(invoice) -> Invoice:
    Invoice.objects.filter(pk=invoice.pk).update(
        status=Invoice.Status.SENT, payment_url="http://127.0.0.1:8002/pages/x/operating?a=1"
    )
    invoice.refresh_from_db()
    return invoice


def test_it_shows_the_lines_the_amount_due_and_a_pay_button(client, lawpay_page):  # noqa: F811
    invoice = _sent(smith_invoice())

    response = client.get(_path(invoice))

    page = response.content.decode()
    assert response.status_code == 200
    assert "R-2026-000001" in page
    assert "$875.00" in page
    assert invoice.lines.first().description in page
    assert 'data-testid="pay"' in page
    assert "reference=00001-Smith-R-2026-000001" in page


def test_a_tampered_link_is_not_found(client, db):
    invoice = _sent(smith_invoice())
    path = _path(invoice)

    response = client.get(path[:-3] + "xyz/")

    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_an_expired_link_is_gone(client, db, settings):
    settings.PUBLIC_INVOICE_LINK_MAX_AGE_DAYS = 30
    invoice = _sent(smith_invoice())
    path = _path(invoice)

    with time_machine.travel(timezone.now() + timedelta(days=31)):
        response = client.get(path)

    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_a_voided_invoice_is_no_longer_payable(client, db):
    invoice = _sent(smith_invoice())
    Invoice.objects.filter(pk=invoice.pk).update(status=Invoice.Status.VOID)

    assert client.get(_path(invoice)).status_code == 410
