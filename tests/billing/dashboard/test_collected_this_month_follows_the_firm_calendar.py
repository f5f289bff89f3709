from datetime import UTC, datetime

import time_machine
from django.utils import timezone

from billing.models import Invoice, Payment
from billing.selectors.collections import collections_collected

# 00:30 in New York on April 1 (04:30 UTC: daylight saving time).
APRIL_FIRST = datetime(2026, 4, 1, 4, 30, tzinfo=UTC)


def test_payments_count_in_the_firm_month_they_were_received(make, pay, firm_admin):
    invoice = make(status=Invoice.Status.PARTIALLY_PAID, total="1000.00")
    # 23:59 on March 31 in New York (03:59 UTC on April 1): March's money.
    pay(invoice=invoice, amount="100.00", received_at=datetime(2026, 4, 1, 3, 59, tzinfo=UTC))
    # 00:01 on April 1 in New York: April's.
    pay(invoice=invoice, amount="40.00", received_at=datetime(2026, 4, 1, 4, 1, tzinfo=UTC))

    with time_machine.travel(datetime(2026, 3, 31, 20, 0, tzinfo=UTC), tick=False):
        march = collections_collected(user=firm_admin, now=timezone.now())
    with time_machine.travel(APRIL_FIRST, tick=False):
        april = collections_collected(user=firm_admin, now=timezone.now())

    assert (march.month.isoformat(), march.payments, march.payment_count) == ("2026-03-01", 100, 1)
    assert (april.month.isoformat(), april.payments, april.payment_count) == ("2026-04-01", 40, 1)


def test_refunds_come_off_and_reversed_payments_do_not_count(make, pay, firm_admin):
    invoice = make(status=Invoice.Status.PARTIALLY_PAID, total="1000.00")
    received = datetime(2026, 4, 2, 15, 0, tzinfo=UTC)
    pay(invoice=invoice, amount="300.00", refunded="50.00", received_at=received)
    pay(invoice=invoice, amount="80.00", received_at=received, status=Payment.Status.REVERSED)

    with time_machine.travel(datetime(2026, 4, 20, 15, 0, tzinfo=UTC), tick=False):
        collected = collections_collected(user=firm_admin, now=timezone.now())

    assert (collected.payments, collected.payment_count) == (250, 1)


def test_trust_applied_on_approval_this_month_is_collected_too(make, pay, firm_admin):
    make(status=Invoice.Status.PAID, total="500.00", trust_applied="500.00",
         approved_at=datetime(2026, 4, 3, 15, 0, tzinfo=UTC))  # fmt: skip
    make(status=Invoice.Status.PAID, total="70.00", trust_applied="70.00",
         approved_at=datetime(2026, 3, 30, 15, 0, tzinfo=UTC))  # fmt: skip
    invoice = make(status=Invoice.Status.PARTIALLY_PAID, total="1000.00")
    pay(invoice=invoice, amount="25.00", received_at=datetime(2026, 4, 3, 15, 0, tzinfo=UTC))

    with time_machine.travel(datetime(2026, 4, 20, 15, 0, tzinfo=UTC), tick=False):
        collected = collections_collected(user=firm_admin, now=timezone.now())

    assert (collected.trust, collected.trust_count) == (500, 1)
    assert collected.total == 525


def test_an_unmatched_payment_is_not_collected_on_an_invoice(pay, firm_admin):
    pay(amount="900.00", received_at=datetime(2026, 4, 3, 15, 0, tzinfo=UTC))

    with time_machine.travel(datetime(2026, 4, 20, 15, 0, tzinfo=UTC), tick=False):
        collected = collections_collected(user=firm_admin, now=timezone.now())

    assert collected.payments == 0
