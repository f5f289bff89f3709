"""With send mode "on the send date", approved invoices go out when that day comes."""

from datetime import UTC, datetime

from billing.models import BillingRules, Invoice
from billing.services.delivery import invoice_deliveries_due, invoice_send_date
from integrations.models import OutboxMessage
from tests.billing.delivery.test_delivery_checks import lawpay_page  # noqa: F401
from tests.billing.sandbox_world import smith_invoice


def test_the_send_date_is_the_next_send_day_clamped_to_the_month():
    from datetime import date

    assert invoice_send_date(approved_on=date(2026, 11, 10), send_day=15) == date(2026, 11, 15)
    assert invoice_send_date(approved_on=date(2026, 11, 20), send_day=15) == date(2026, 12, 15)
    assert invoice_send_date(approved_on=date(2026, 2, 3), send_day=31) == date(2026, 2, 28)
    assert invoice_send_date(approved_on=date(2026, 2, 3), send_day=None) == date(2026, 2, 3)


def test_an_approved_invoice_waits_for_its_send_day(lawpay_page):  # noqa: F811
    BillingRules.objects.update_or_create(
        singleton=True,
        defaults={"send_mode": BillingRules.SendMode.ON_SEND_DATE, "send_day_of_month": 15},
    )
    invoice = smith_invoice()
    Invoice.objects.filter(pk=invoice.pk).update(approved_at=datetime(2026, 11, 10, 15, tzinfo=UTC))

    assert invoice_deliveries_due(now=datetime(2026, 11, 14, 15, tzinfo=UTC)) == 0
    assert not OutboxMessage.objects.exists()

    assert invoice_deliveries_due(now=datetime(2026, 11, 15, 15, tzinfo=UTC)) == 1
    assert invoice_deliveries_due(now=datetime(2026, 11, 15, 16, tzinfo=UTC)) == 0
    assert OutboxMessage.objects.filter(kind="invoice.deliver").count() == 1
