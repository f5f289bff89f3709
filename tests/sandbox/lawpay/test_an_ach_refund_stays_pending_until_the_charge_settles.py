import requests

from tests.sandbox.lawpay.support import wait_for


def test_an_ach_refund_is_pending_then_authorized_when_the_charge_completes(gateway, receiver):
    gateway.events_urls(receiver.url)
    charge = gateway.charged(8000, method=gateway.bank_token())

    refund = gateway.post(f"/v1/charges/{charge['id']}/refund", json={"amount": 3000}).json()

    assert refund["status"] == "PENDING"
    wait_for(lambda: receiver.events_for(refund["id"]))
    types = [event["type"] for event in receiver.events_for(refund["id"])]
    assert types == ["transaction.created", "transaction.pending_parent_settlement"]

    requests.post(f"{gateway.base_url}/_sandbox/capture", json={}, timeout=10)

    assert gateway.get(f"/v1/transactions/{charge['id']}").json()["status"] == "COMPLETED"
    assert gateway.get(f"/v1/transactions/{refund['id']}").json()["status"] == "AUTHORIZED"
    requests.post(f"{gateway.base_url}/_sandbox/capture", json={}, timeout=10)
    assert gateway.get(f"/v1/transactions/{refund['id']}").json()["status"] == "COMPLETED"


def test_a_refund_of_a_settled_ach_charge_is_not_held(gateway):
    charge = gateway.charged(8000, method=gateway.bank_token())
    requests.post(f"{gateway.base_url}/_sandbox/capture", json={}, timeout=10)

    refund = gateway.post(f"/v1/charges/{charge['id']}/refund", json={"amount": 3000}).json()

    assert refund["status"] == "AUTHORIZED"
