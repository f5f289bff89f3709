from decimal import Decimal

import pytest
from responses import matchers

from integrations.lawpay.retry import ChargeReferenceConflict, charge_create_once, charge_find
from tests.integrations.lawpay.conftest import API, page_json, transaction_json

ACCOUNT = "wKgFeDz5HF-BPPl08dcADQ"
REFERENCE = "ACME-2025-0001"


def _search(mocked, results):
    mocked.get(
        f"{API}/v1/transactions",
        match=[
            matchers.query_param_matcher(
                {"account_id": ACCOUNT, "qf": f"reference:{REFERENCE}", "page": "1"},
                strict_match=False,
            )
        ],
        json=page_json(results, page=1, page_size=50, total=len(results)),
    )


def _charge_once(client, amount=Decimal("12.34")):
    return charge_create_once(
        client=client, amount=amount, method="token-2", account_id=ACCOUNT, reference=REFERENCE
    )


def test_an_existing_charge_is_returned_and_no_second_charge_is_posted(mocked, client):
    _search(mocked, [transaction_json(id="first", status="COMPLETED")])
    charge = _charge_once(client)
    assert charge.id == "first"
    assert [call.request.method for call in mocked.calls] == ["GET"]


def test_it_charges_when_no_transaction_has_the_reference(mocked, client):
    _search(mocked, [])
    mocked.post(
        f"{API}/v1/charges",
        match=[
            matchers.json_params_matcher(
                {
                    "amount": 1234,
                    "currency": "USD",
                    "method": "token-2",
                    "account_id": ACCOUNT,
                    "reference": REFERENCE,
                }
            )
        ],
        json=transaction_json(id="new"),
    )
    assert _charge_once(client).id == "new"


def test_failed_and_voided_charges_and_refunds_do_not_count_as_already_charged(mocked, client):
    _search(
        mocked,
        [
            transaction_json(id="declined", status="FAILED", failure_code="card_declined"),
            transaction_json(id="voided", status="VOIDED"),
            transaction_json(id="refund", type="REFUND", status="AUTHORIZED"),
        ],
    )
    mocked.post(f"{API}/v1/charges", json=transaction_json(id="new"))
    assert _charge_once(client).id == "new"


def test_a_reference_that_only_contains_ours_is_not_a_match(mocked, client):
    # qf is a text search (reference §6); "ACME-2025-00012" must not pass for "ACME-2025-0001".
    _search(mocked, [transaction_json(id="other", reference=REFERENCE + "2")])
    mocked.post(f"{API}/v1/charges", json=transaction_json(id="new"))
    assert _charge_once(client).id == "new"


def test_a_live_charge_with_the_same_reference_but_another_amount_is_a_conflict(mocked, client):
    _search(mocked, [transaction_json(id="first", amount=9999)])
    with pytest.raises(ChargeReferenceConflict, match=r"99\.99"):
        _charge_once(client)
    assert len(mocked.calls) == 1


def test_charge_find_returns_none_when_nothing_matches(mocked, client):
    _search(mocked, [])
    assert charge_find(client=client, account_id=ACCOUNT, reference=REFERENCE) is None
