"""The same LawPay transaction, seen any number of times, is one payment applied once."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from billing.models import Invoice, Payment
from integrations.lawpay.payments import payment_record_from_lawpay
from integrations.models import LawPayTransaction
from tests.billing.sandbox_world import smith_invoice


def _charge(**overrides) -> LawPayTransaction:
    values = {
        "lawpay_id": "ch_1",
        "account_id": "op",
        "type": "CHARGE",
        "status": "AUTHORIZED",
        "amount": Decimal("875.00"),
        "reference": "00001-Smith-R-2026-000001",
        "lawpay_created_at": timezone.now(),
        **overrides,
    }
    return LawPayTransaction.objects.create(**values)


def test_processing_a_charge_twice_records_one_payment(db):
    invoice = smith_invoice()
    charge = _charge()

    payment_record_from_lawpay(transaction=charge)
    charge.status = "COMPLETED"
    charge.save()
    payment_record_from_lawpay(transaction=charge)

    invoice.refresh_from_db()
    assert Payment.objects.count() == 1
    assert invoice.amount_paid == Decimal("875.00")


def test_a_payment_another_worker_recorded_first_is_not_applied_again(db):
    invoice = smith_invoice()
    Invoice.objects.filter(pk=invoice.pk).update(
        amount_paid=Decimal("875.00"), status=Invoice.Status.PAID
    )
    Payment.objects.create(
        invoice=invoice,
        matter=invoice.matter,
        lawpay_transaction_id="ch_1",
        lawpay_account_id="op",
        amount=Decimal("875.00"),
        received_at=timezone.now(),
    )

    assert payment_record_from_lawpay(transaction=_charge()).invoice == invoice

    invoice.refresh_from_db()
    assert invoice.amount_paid == Decimal("875.00")


def test_a_pending_or_declined_charge_is_not_a_payment(db):
    smith_invoice()

    payment_record_from_lawpay(transaction=_charge(lawpay_id="p", status="PENDING"))
    payment_record_from_lawpay(transaction=_charge(lawpay_id="f", status="FAILED"))

    assert not Payment.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_record_one_payment():
    invoice = smith_invoice()
    charge = _charge()
    barrier = threading.Barrier(4)

    def worker():
        barrier.wait()
        try:
            payment_record_from_lawpay(transaction=charge)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    invoice.refresh_from_db()
    assert Payment.objects.count() == 1
    assert invoice.amount_paid == Decimal("875.00")
