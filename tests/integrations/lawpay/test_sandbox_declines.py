"""Every documented test card and bank decline surfaces as PaymentDeclined with its code."""

from decimal import Decimal

import pytest

from integrations.lawpay import errors
from tests.integrations.lawpay.conftest import bank_method, card_method

# reference §6 "Test data"
DECLINING_CARDS = [
    ("4000000000000002", "card_declined"),
    ("4000000000000044", "card_declined_insufficient_funds"),
    ("4000000000000051", "card_declined_limit_exceeded"),
    ("4000000000000069", "card_expired"),
    ("4000000000000119", "card_declined_processing_error"),
    ("4000000000000127", "card_declined_hold"),
    ("4242424242424241", "card_number_invalid"),
    ("4000000000000135", "card_type_not_accepted"),
]

DECLINING_BANK_ACCOUNTS = [
    ("1000000001", "ach_declined"),
    ("1000000002", "ach_declined_hold"),
    ("1000000003", "ach_declined_duplicate"),
    ("1000000004", "ach_invalid_account_number"),
    ("1000000005", "ach_insufficient_funds"),
    ("1000000006", "ach_account_not_found"),
    ("1000000007", "ach_account_closed"),
    ("1000000008", "ach_account_frozen"),
    ("1000000009", "ach_limit_exceeded"),
]


def _charge_declined(gateway, method, *, account_id):
    """Charge through the client; a decline raised at tokenisation is mapped the same way."""
    response = gateway.token_create(method)
    if response.status_code != 200:
        return errors.error_for_response(status=response.status_code, body=response.json())
    with pytest.raises(errors.LawPayError) as caught:
        gateway.client.charge_create(
            amount=Decimal("10.00"),
            method=response.json()["id"],
            account_id=account_id,
            reference="DECLINE-1",
        )
    return caught.value


@pytest.mark.parametrize(("number", "code"), DECLINING_CARDS)
def test_a_declining_test_card_is_a_payment_declined_with_its_code(gateway, number, code):
    error = _charge_declined(gateway, card_method(number), account_id=gateway.operating_id)
    assert isinstance(error, errors.PaymentDeclined), error
    assert error.code == code
    assert error.status == 422


def test_a_declined_charge_is_not_mistaken_for_a_live_one_by_search_before_retry(gateway):
    _charge_declined(gateway, card_method("4000000000000002"), account_id=gateway.operating_id)
    found = gateway.client.transactions_search(
        account_id=gateway.operating_id, reference="DECLINE-1"
    )
    assert not any(t.is_live for t in found)


@pytest.mark.parametrize(("account_number", "code"), DECLINING_BANK_ACCOUNTS)
def test_a_declining_test_bank_account_is_a_payment_declined_with_its_code(
    gateway, account_number, code
):
    if gateway.ach_id is None:
        pytest.skip("the emulator's merchant has no eCheck account")
    method = bank_method(routing_number="000000013", account_number=account_number)
    error = _charge_declined(gateway, method, account_id=gateway.ach_id)
    assert isinstance(error, errors.PaymentDeclined), error
    assert error.code == code


def test_an_invalid_test_routing_number_is_a_payment_declined(gateway):
    if gateway.ach_id is None:
        pytest.skip("the emulator's merchant has no eCheck account")
    method = bank_method(routing_number="000000001", account_number="123456789")
    error = _charge_declined(gateway, method, account_id=gateway.ach_id)
    assert isinstance(error, errors.PaymentDeclined), error
    assert error.code == "ach_invalid_routing_number"


def test_a_good_test_bank_account_is_charged(gateway):
    if gateway.ach_id is None:
        pytest.skip("the emulator's merchant has no eCheck account")
    token = gateway.token_create(bank_method(routing_number="000000013", account_number="12345"))
    assert token.status_code == 200, token.text
    charge = gateway.client.charge_create(
        amount=Decimal("75.00"),
        method=token.json()["id"],
        account_id=gateway.ach_id,
        reference="ACH-OK-1",
    )
    assert charge.is_live
    assert charge.account_id == gateway.ach_id


def test_a_card_token_sent_to_the_echeck_account_is_account_unavailable(gateway):
    if gateway.ach_id is None:
        pytest.skip("the emulator's merchant has no eCheck account")
    with pytest.raises(errors.AccountUnavailable):
        gateway.client.charge_create(
            amount=Decimal("1.00"),
            method=gateway.card_token(),
            account_id=gateway.ach_id,
            reference="WRONG-TYPE",
        )


def test_a_declines_entity_id_is_the_failed_transaction(gateway):
    error = _charge_declined(
        gateway, card_method("4000000000000044"), account_id=gateway.operating_id
    )
    failed = gateway.client.transaction_get(error.entity_id)
    assert (failed.status, failed.failure_code) == ("FAILED", "card_declined_insufficient_funds")
    assert not failed.is_live
