"""Exact reference first, then Remit's own id in the charge's data; looser is a suggestion."""

from decimal import Decimal

from django.utils import timezone

from billing.models import AttentionItem, Invoice, Payment
from billing.services.payments import payment_match_suggestions
from integrations.lawpay.payments import payment_record_from_lawpay
from integrations.models import LawPayTransaction
from tests.billing.sandbox_world import smith_invoice


def _charge(**values) -> LawPayTransaction:
    return LawPayTransaction.objects.create(
        account_id="op",
        type="CHARGE",
        status="COMPLETED",
        lawpay_created_at=timezone.now(),
        **values,
    )


def test_a_charge_with_the_invoice_number_in_its_data_is_matched(db):
    invoice = smith_invoice()

    payment = payment_record_from_lawpay(
        transaction=_charge(
            lawpay_id="a", amount=Decimal("875.00"), data={"Invoice": "R-2026-000001"}
        )
    )

    assert payment.invoice == invoice


def test_a_charge_with_remits_invoice_id_in_its_data_is_matched(db):
    invoice = smith_invoice()

    payment = payment_record_from_lawpay(
        transaction=_charge(
            lawpay_id="b", amount=Decimal("100.00"), data={"remit_invoice_id": invoice.pk}
        )
    )

    assert payment.invoice == invoice


def test_a_reference_that_only_resembles_one_is_left_for_staff(db):
    invoice = smith_invoice()

    payment = payment_record_from_lawpay(
        transaction=_charge(
            lawpay_id="c", amount=Decimal("875.00"), reference="00001-Smith-R-2026-00000"
        )
    )

    assert payment.invoice is None
    assert payment_match_suggestions(payment=payment) == [invoice]
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.APPROVED


def test_a_currency_other_than_usd_is_refused_with_a_recorded_reason(db):
    smith_invoice()

    result = payment_record_from_lawpay(
        transaction=_charge(
            lawpay_id="eur",
            amount=Decimal("875.00"),
            currency="EUR",
            reference="00001-Smith-R-2026-000001",
        )
    )

    assert result is None
    assert not Payment.objects.exists()
    item = AttentionItem.objects.get()
    assert "EUR is not supported; Remit handles USD only" in item.detail
