"""Charges over real sockets against the LawPay emulator."""

from decimal import Decimal

import pytest

from integrations.lawpay import errors
from integrations.lawpay.client import LawPayClient
from tests.integrations.lawpay.conftest import SANDBOX_PUBLIC_KEY


def test_a_card_token_charges_the_operating_account(gateway):
    charge = gateway.client.charge_create(
        amount=Decimal("123.45"),
        method=gateway.card_token(),
        account_id=gateway.operating_id,
        reference="SMITH-2025-0001",
        data={"remit_invoice_id": "17"},
    )
    assert (charge.type, charge.status) == ("CHARGE", "AUTHORIZED")
    assert charge.account_id == gateway.operating_id
    assert charge.amount == Decimal("123.45")
    assert charge.reference == "SMITH-2025-0001"
    fetched = gateway.client.transaction_get(charge.id)
    assert fetched.account_id == gateway.operating_id
    assert fetched.data == {"remit_invoice_id": "17"}


def test_a_card_token_charges_the_trust_account_only_when_named(gateway):
    charge = gateway.client.charge_create(
        amount=Decimal("2500.00"),
        method=gateway.card_token("5105105105105100"),
        account_id=gateway.trust_id,
        reference="SMITH-RETAINER-1",
    )
    assert charge.account_id == gateway.trust_id
    assert gateway.client.transaction_get(charge.id).account_id == gateway.trust_id
    on_operating = gateway.client.transactions_search(
        account_id=gateway.operating_id, reference="SMITH-RETAINER-1"
    )
    assert list(on_operating) == []


def test_a_one_time_token_cannot_be_charged_twice(gateway):
    token = gateway.card_token()
    gateway.client.charge_create(
        amount=Decimal("1.00"), method=token, account_id=gateway.operating_id, reference="T-1"
    )
    with pytest.raises(errors.NotFound):
        gateway.client.charge_create(
            amount=Decimal("1.00"), method=token, account_id=gateway.operating_id, reference="T-2"
        )


def test_a_wrong_secret_key_is_authentication_failed(gateway):
    stranger = LawPayClient(secret_key="x" * 64, base_url=gateway.base_url)
    with pytest.raises(errors.AuthenticationFailed):
        stranger.merchant()


def test_the_public_key_cannot_charge(gateway):
    public = LawPayClient(secret_key=SANDBOX_PUBLIC_KEY, base_url=gateway.base_url)
    with pytest.raises(errors.AuthenticationFailed):
        public.charge_create(
            amount=Decimal("1.00"),
            method=gateway.card_token(),
            account_id=gateway.operating_id,
            reference="PK-1",
        )


def test_the_merchant_reports_an_operating_and_a_trust_account(gateway):
    accounts = {a.id: a for a in gateway.client.merchant().accounts}
    assert accounts[gateway.operating_id].primary
    assert accounts[gateway.trust_id].trust_account is True
    assert not accounts[gateway.trust_id].primary


def test_the_status_endpoint_answers_without_credentials(gateway):
    assert gateway.client.status() == "NORMAL"
