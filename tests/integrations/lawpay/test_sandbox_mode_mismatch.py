"""Test keys and live accounts do not mix (reference §1 "Test vs live mode")."""

from decimal import Decimal

import pytest

from integrations.lawpay import errors


def _live_account_id(gateway):
    accounts = gateway.live_client.merchant().accounts
    if not accounts:
        pytest.skip("the emulator's merchant has no live accounts")
    return next(a.id for a in accounts if a.kind == "card")


def test_each_key_sees_only_the_accounts_of_its_mode(gateway):
    test_ids = {a.id for a in gateway.client.merchant().accounts}
    live_ids = {a.id for a in gateway.live_client.merchant().accounts}
    assert gateway.operating_id in test_ids
    assert not test_ids & live_ids


def test_a_test_key_charging_a_live_account_is_a_mode_mismatch(gateway):
    live_account = _live_account_id(gateway)
    with pytest.raises(errors.ModeMismatch) as caught:
        gateway.client.charge_create(
            amount=Decimal("1.00"),
            method=gateway.card_token(),
            account_id=live_account,
            reference="MODE-1",
        )
    assert caught.value.code == "unavailable_for_merchant_mode"
    assert caught.value.status == 422


def test_a_live_key_charging_a_test_account_is_a_mode_mismatch(gateway):
    with pytest.raises(errors.ModeMismatch) as caught:
        gateway.live_client.charge_create(
            amount=Decimal("1.00"),
            method=gateway.card_token(),
            account_id=gateway.operating_id,
            reference="MODE-2",
        )
    assert "Mode LIVE not supported" in str(caught.value)


def test_a_live_key_does_not_see_test_transactions(gateway):
    charge = gateway.client.charge_create(
        amount=Decimal("1.00"),
        method=gateway.card_token(),
        account_id=gateway.operating_id,
        reference="MODE-3",
    )
    with pytest.raises(errors.NotFound):
        gateway.live_client.transaction_get(charge.id)
