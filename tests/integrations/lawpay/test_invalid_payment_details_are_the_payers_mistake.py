"""A 422 invalid_data on ``method.*`` is the payer's bad card, not Remit's bug (reference §6)."""

from decimal import Decimal

import pytest
import requests

from integrations.lawpay import errors
from tests.integrations.lawpay.conftest import API, card_method, error_json


def _charge(client):
    return client.charge_create(
        amount=Decimal("12.34"), method="tok", account_id="acct", reference="ref-1"
    )


def _sandbox_charge(gateway, token: str):
    return gateway.client.charge_create(
        amount=Decimal("25.00"), method=token, account_id=gateway.operating_id, reference="E-1"
    )


@pytest.mark.parametrize(
    ("context", "sub_code"),
    [
        ("method.number", "invalid_length"),
        ("method.cvv", "not_blank"),
        ("method.name", "not_blank"),
    ],
)
def test_invalid_data_on_the_method_is_a_payer_error(mocked, client, context, sub_code):
    body = error_json("invalid_data", context=context, sub_code=sub_code)
    mocked.post(f"{API}/v1/charges", status=422, json=body)

    with pytest.raises(errors.PaymentDetailsInvalid) as caught:
        _charge(client)

    assert isinstance(caught.value, errors.PaymentDeclined)
    assert not isinstance(caught.value, errors.InvalidRequest)
    assert caught.value.messages[0].context == context


def test_several_method_fields_at_once_are_still_the_payers(mocked, client):
    body = {
        "messages": [
            error_json("invalid_data", context="method.name", sub_code="not_blank")["messages"][0],
            error_json("invalid_data", context="method.number")["messages"][0],
        ]
    }
    mocked.post(f"{API}/v1/charges", status=422, json=body)

    with pytest.raises(errors.PaymentDetailsInvalid):
        _charge(client)


def test_invalid_data_on_another_field_beside_the_method_is_our_bug(mocked, client):
    body = {
        "messages": [
            error_json("invalid_data", context="method.cvv")["messages"][0],
            error_json("invalid_data", context="amount")["messages"][0],
        ]
    }
    mocked.post(f"{API}/v1/charges", status=422, json=body)

    with pytest.raises(errors.InvalidRequest):
        _charge(client)


@pytest.mark.parametrize("context", ["method", "account_id", None])
def test_invalid_data_outside_the_methods_fields_is_our_bug(mocked, client, context):
    extra = {"context": context} if context else {}
    mocked.post(f"{API}/v1/charges", status=422, json=error_json("invalid_data", **extra))

    with pytest.raises(errors.InvalidRequest):
        _charge(client)


def test_a_token_without_a_cvv_the_account_requires_is_the_payers_mistake(gateway):
    requests.post(
        f"{gateway.base_url}/_sandbox/accounts/{gateway.operating_id}/required-payment-fields",
        json={"fields": ["cvv"]},
        timeout=10,
    ).raise_for_status()
    response = gateway.token_create(card_method("4242424242424242") | {"cvv": None})

    with pytest.raises(errors.PaymentDetailsInvalid) as caught:
        _sandbox_charge(gateway, response.json()["id"])

    assert caught.value.messages[0].context == "method.cvv"
