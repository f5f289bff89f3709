from decimal import Decimal

import pytest
from responses import matchers

from integrations.lawpay.money import CurrencyNotSupported, MoneyError
from tests.integrations.lawpay.conftest import API, transaction_json

TRUST = "wKgFeDz5HF-BPPl08dcADA"


def test_it_charges_the_named_account_in_cents_and_returns_decimal_amounts(mocked, client):
    mocked.post(
        f"{API}/v1/charges",
        match=[
            matchers.json_params_matcher(
                {
                    "amount": 250000,
                    "currency": "USD",
                    "method": "tokenId",
                    "account_id": TRUST,
                    "reference": "RETAINER-9",
                    "data": {"remit_id": "42"},
                }
            )
        ],
        json=transaction_json(account_id=TRUST, amount=250000, reference="RETAINER-9"),
    )
    charge = client.charge_create(
        amount=Decimal("2500.00"),
        method="tokenId",
        account_id=TRUST,
        reference="RETAINER-9",
        data={"remit_id": "42"},
    )
    assert charge.amount == Decimal("2500.00")
    assert charge.amount_refunded == Decimal("0.00")
    assert charge.account_id == TRUST
    assert charge.status == "AUTHORIZED"
    assert charge.is_live


def test_it_reads_amounts_sent_as_strings(mocked, client):
    mocked.get(f"{API}/v1/transactions/t1", json=transaction_json(amount="50000"))
    assert client.transaction_get("t1").amount == Decimal("500.00")


def test_it_ignores_fields_it_does_not_know(mocked, client):
    mocked.get(f"{API}/v1/transactions/t1", json=transaction_json(brand_new_field={"x": 1}))
    assert client.transaction_get("t1").raw["brand_new_field"] == {"x": 1}


def test_it_refuses_a_transaction_in_another_currency(mocked, client):
    mocked.get(f"{API}/v1/transactions/t1", json=transaction_json(currency="CAD"))
    with pytest.raises(CurrencyNotSupported):
        client.transaction_get("t1")


@pytest.mark.parametrize("account_id", ["", None])
def test_a_charge_requires_an_explicit_account(client, account_id):
    with pytest.raises(ValueError, match="account_id"):
        client.charge_create(
            amount=Decimal("1"), method="tok", account_id=account_id, reference="R"
        )


def test_account_id_is_keyword_only(client):
    with pytest.raises(TypeError):
        client.charge_create(Decimal("1"), "tok", "acct", "R")


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("0.001"), 12.34])
def test_it_refuses_a_zero_or_unsafe_amount_without_calling_the_gateway(mocked, client, amount):
    with pytest.raises(MoneyError):
        client.charge_create(amount=amount, method="tok", account_id="a", reference="R")
    assert not mocked.calls


def test_it_refuses_a_reference_longer_than_128_characters(mocked, client):
    with pytest.raises(ValueError, match="128"):
        client.charge_create(amount=Decimal("1"), method="tok", account_id="a", reference="x" * 129)
    assert not mocked.calls


def test_it_refuses_a_non_usd_charge(mocked, client):
    with pytest.raises(CurrencyNotSupported):
        client.charge_create(
            amount=Decimal("1"), method="tok", account_id="a", reference="R", currency="CAD"
        )


def test_ids_are_escaped_into_the_path(mocked, client):
    mocked.get(f"{API}/v1/transactions/a%2Fb", json=transaction_json(id="a/b"))
    assert client.transaction_get("a/b").id == "a/b"
