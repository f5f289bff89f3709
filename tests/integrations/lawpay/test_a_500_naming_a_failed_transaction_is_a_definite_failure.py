"""A 500 carrying an ``entity_id`` means the gateway recorded a failed transaction: a definite
failure, not an unknown outcome to search for (reference §6, card_processing_error)."""

from decimal import Decimal

import pytest

from integrations.lawpay import errors
from tests.integrations.lawpay.conftest import API, error_json


def _charge(client):
    return client.charge_create(
        amount=Decimal("12.34"), method="tok", account_id="acct", reference="ref-1"
    )


def _sandbox_charge(gateway, token: str):
    return gateway.client.charge_create(
        amount=Decimal("25.00"), method=token, account_id=gateway.operating_id, reference="E-1"
    )


@pytest.mark.parametrize("code", ["card_processing_error", "ach_processing_error"])
def test_a_500_with_an_entity_id_is_processing_failed(mocked, client, code):
    body = error_json(code, facility="payment_processor", entity_id="jCEP6Mn3Q2Cg4nS3qqqDuw")
    mocked.post(f"{API}/v1/charges", status=500, json=body)

    with pytest.raises(errors.ProcessingFailed) as caught:
        _charge(client)

    assert not isinstance(caught.value, errors.GatewayUnavailable)
    assert caught.value.code == code
    assert caught.value.entity_id == "jCEP6Mn3Q2Cg4nS3qqqDuw"


def test_a_500_without_an_entity_id_is_still_an_unknown_outcome(mocked, client):
    mocked.post(f"{API}/v1/charges", status=500, json=error_json("card_processor_not_available"))

    with pytest.raises(errors.GatewayUnavailable):
        _charge(client)


def test_the_processing_error_card_is_a_definite_failure_naming_a_failed_charge(gateway):
    with pytest.raises(errors.ProcessingFailed) as caught:
        _sandbox_charge(gateway, gateway.card_token("4000000000000150"))

    failed = gateway.client.transaction_get(caught.value.entity_id)
    assert caught.value.status == 500
    assert (failed.status, failed.failure_code) == ("FAILED", "card_processing_error")
