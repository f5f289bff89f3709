import requests

from tests.sandbox.lawpay.support import error_code


def test_an_authorized_charge_is_voided_with_its_reference(gateway):
    charge = gateway.charged()

    voided = gateway.post(f"/v1/transactions/{charge['id']}/void", json={"reference": "oops"})

    assert voided.status_code == 200
    assert voided.json()["status"] == "VOIDED"
    assert voided.json()["void_reference"] == "oops"


def test_a_void_needs_no_body(gateway):
    charge = gateway.charged()

    assert gateway.post(f"/v1/transactions/{charge['id']}/void").json()["status"] == "VOIDED"


def test_a_completed_charge_cannot_be_voided(gateway):
    charge = gateway.charged()
    requests.post(f"{gateway.base_url}/_sandbox/capture", json={}, timeout=10)

    response = gateway.post(f"/v1/transactions/{charge['id']}/void", json={})

    assert response.status_code == 422
    assert error_code(response) == "not_valid_for_transaction_status"


def test_a_charge_with_a_live_refund_cannot_be_voided_until_the_refund_is(gateway):
    charge = gateway.charged(5000)
    refund = gateway.post(f"/v1/charges/{charge['id']}/refund", json={"amount": 1000}).json()

    refused = gateway.post(f"/v1/transactions/{charge['id']}/void", json={})
    gateway.post(f"/v1/transactions/{refund['id']}/void", json={})
    allowed = gateway.post(f"/v1/transactions/{charge['id']}/void", json={})

    assert error_code(refused) == "not_valid_for_transaction_status"
    assert allowed.json()["status"] == "VOIDED"
    assert allowed.json()["amount_refunded"] == 0


def test_a_voided_charge_cannot_be_refunded_or_voided_again(gateway):
    charge = gateway.charged()
    gateway.post(f"/v1/transactions/{charge['id']}/void", json={})

    refund = gateway.post(f"/v1/charges/{charge['id']}/refund", json={"amount": 1})
    again = gateway.post(f"/v1/transactions/{charge['id']}/void", json={})

    assert error_code(refund) == error_code(again) == "not_valid_for_transaction_status"
