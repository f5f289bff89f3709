"""Refund and void rules (reference §3) as the emulator enforces them."""

from decimal import Decimal

import pytest

from integrations.lawpay import errors


def _charge(gateway, amount="100.00", *, reference="RV-1"):
    return gateway.client.charge_create(
        amount=Decimal(amount),
        method=gateway.card_token(),
        account_id=gateway.operating_id,
        reference=reference,
    )


def test_partial_refunds_add_up_to_the_charge_and_no_further(gateway):
    charge = _charge(gateway)
    first = gateway.client.refund(
        charge_id=charge.id, account_id=gateway.operating_id, amount=Decimal("40.00")
    )
    assert (first.type, first.amount, first.charge_id) == ("REFUND", Decimal("40.00"), charge.id)
    gateway.client.refund(
        charge_id=charge.id, account_id=gateway.operating_id, amount=Decimal("60.00")
    )
    assert gateway.client.transaction_get(charge.id).amount_refunded == Decimal("100.00")
    with pytest.raises(errors.RefundExceedsTransaction):
        gateway.client.refund(
            charge_id=charge.id, account_id=gateway.operating_id, amount=Decimal("0.01")
        )


def test_a_refund_larger_than_the_charge_is_refused(gateway):
    charge = _charge(gateway, "10.00")
    with pytest.raises(errors.RefundExceedsTransaction):
        gateway.client.refund(
            charge_id=charge.id, account_id=gateway.operating_id, amount=Decimal("10.01")
        )


def test_a_refund_naming_the_wrong_account_never_reaches_the_gateway(gateway):
    charge = _charge(gateway)
    with pytest.raises(errors.AccountMismatch):
        gateway.client.refund(
            charge_id=charge.id, account_id=gateway.trust_id, amount=Decimal("1.00")
        )
    assert gateway.client.transaction_get(charge.id).amount_refunded == Decimal("0.00")


def test_an_authorized_charge_can_be_voided(gateway):
    charge = _charge(gateway)
    voided = gateway.client.void(
        transaction_id=charge.id, account_id=gateway.operating_id, reference="client cancelled"
    )
    assert voided.status == "VOIDED"
    assert gateway.client.transaction_get(charge.id).status == "VOIDED"


def test_a_charge_with_a_live_refund_cannot_be_voided(gateway):
    charge = _charge(gateway)
    gateway.client.refund(
        charge_id=charge.id, account_id=gateway.operating_id, amount=Decimal("5.00")
    )
    with pytest.raises(errors.TransactionStateConflict):
        gateway.client.void(transaction_id=charge.id, account_id=gateway.operating_id)


def test_a_voided_charge_cannot_be_voided_again_or_refunded(gateway):
    charge = _charge(gateway)
    gateway.client.void(transaction_id=charge.id, account_id=gateway.operating_id)
    with pytest.raises(errors.TransactionStateConflict):
        gateway.client.void(transaction_id=charge.id, account_id=gateway.operating_id)
    with pytest.raises(errors.TransactionStateConflict):
        gateway.client.refund(
            charge_id=charge.id, account_id=gateway.operating_id, amount=Decimal("1.00")
        )


def test_refunding_an_unknown_charge_is_not_found(gateway):
    with pytest.raises(errors.NotFound):
        gateway.client.refund(
            charge_id="AAAAAAAAAAAAAAAAAAAAAA", account_id=gateway.operating_id, amount=Decimal("1")
        )


def test_a_completed_charge_cannot_be_voided_but_can_be_refunded(gateway):
    charge = _charge(gateway)
    gateway.capture_tick()
    assert gateway.client.transaction_get(charge.id).status == "COMPLETED"
    with pytest.raises(errors.TransactionStateConflict):
        gateway.client.void(transaction_id=charge.id, account_id=gateway.operating_id)
    refund = gateway.client.refund(
        charge_id=charge.id, account_id=gateway.operating_id, amount=Decimal("100.00")
    )
    assert refund.is_live
    assert gateway.client.transaction_get(charge.id).amount_refunded == Decimal("100.00")
