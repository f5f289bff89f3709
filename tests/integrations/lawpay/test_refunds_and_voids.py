from decimal import Decimal

import pytest
from responses import matchers

from integrations.lawpay import errors
from tests.integrations.lawpay.conftest import API, error_json, transaction_json

OPERATING = "wKgFeDz5HF-BPPl08dcADQ"
TRUST = "wKgFeDz5HF-BPPl08dcADA"


def test_a_refund_posts_cents_and_returns_the_refund_transaction(mocked, client):
    mocked.get(f"{API}/v1/transactions/c1", json=transaction_json(id="c1", account_id=OPERATING))
    mocked.post(
        f"{API}/v1/charges/c1/refund",
        match=[matchers.json_params_matcher({"amount": 500, "reference": "REF-R1"})],
        json=transaction_json(
            id="r1", type="REFUND", charge_id="c1", amount=500, account_id=OPERATING
        ),
    )
    refund = client.refund(
        charge_id="c1", account_id=OPERATING, amount=Decimal("5.00"), reference="REF-R1"
    )
    assert (refund.type, refund.charge_id, refund.amount) == ("REFUND", "c1", Decimal("5.00"))


def test_a_refund_against_a_charge_on_the_other_account_is_refused_before_posting(mocked, client):
    mocked.get(f"{API}/v1/transactions/c1", json=transaction_json(id="c1", account_id=TRUST))
    with pytest.raises(errors.AccountMismatch):
        client.refund(charge_id="c1", account_id=OPERATING, amount=Decimal("5.00"))
    assert [call.request.method for call in mocked.calls] == ["GET"]


def test_a_refund_above_the_remaining_amount_is_refund_exceeds_transaction(mocked, client):
    mocked.get(f"{API}/v1/transactions/c1", json=transaction_json(id="c1", account_id=OPERATING))
    mocked.post(
        f"{API}/v1/charges/c1/refund",
        status=422,
        json=error_json(
            "refund_exceeds_transaction", "Amount of refund exceeds remaining transaction balance"
        ),
    )
    with pytest.raises(errors.RefundExceedsTransaction):
        client.refund(charge_id="c1", account_id=OPERATING, amount=Decimal("99.00"))


def test_a_void_returns_the_voided_transaction(mocked, client):
    mocked.get(f"{API}/v1/transactions/c1", json=transaction_json(id="c1", account_id=OPERATING))
    mocked.post(
        f"{API}/v1/transactions/c1/void",
        match=[matchers.json_params_matcher({"reference": "oops"})],
        json=transaction_json(id="c1", status="VOIDED", account_id=OPERATING),
    )
    voided = client.void(transaction_id="c1", account_id=OPERATING, reference="oops")
    assert voided.status == "VOIDED"
    assert not voided.is_live


def test_voiding_a_completed_charge_is_a_state_conflict(mocked, client):
    mocked.get(f"{API}/v1/transactions/c1", json=transaction_json(id="c1", account_id=OPERATING))
    mocked.post(
        f"{API}/v1/transactions/c1/void",
        status=422,
        json=error_json("not_valid_for_transaction_status"),
    )
    with pytest.raises(errors.TransactionStateConflict):
        client.void(transaction_id="c1", account_id=OPERATING)


def test_a_void_on_the_other_account_is_refused_before_posting(mocked, client):
    mocked.get(f"{API}/v1/transactions/c1", json=transaction_json(id="c1", account_id=OPERATING))
    with pytest.raises(errors.AccountMismatch):
        client.void(transaction_id="c1", account_id=TRUST)
    assert len(mocked.calls) == 1
