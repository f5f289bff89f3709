import requests


def test_an_ach_return_fails_the_charge_with_its_code(gateway):
    charge = gateway.charged(7000, method=gateway.bank_token())
    refund = gateway.post(f"/v1/charges/{charge['id']}/refund", json={"amount": 1000}).json()

    returned = requests.post(
        f"{gateway.base_url}/_sandbox/transactions/{charge['id']}/ach-return",
        json={"code": "ach_authorization_revoked"},
        timeout=10,
    ).json()

    assert returned["status"] == "FAILED"
    assert returned["failure_code"] == "ach_authorization_revoked"
    failed_refund = gateway.get(f"/v1/transactions/{refund['id']}").json()
    assert failed_refund["status"] == "FAILED"
    assert failed_refund["failure_code"] == "ach_deferred_refund_rejected_charge_failed"
    newest = gateway.get("/v1/events").json()["results"][0]
    assert (newest["type"], newest["data"]["id"]) == ("transaction.failed", charge["id"])


def test_a_card_charge_cannot_be_returned(gateway):
    charge = gateway.charged()

    response = requests.post(
        f"{gateway.base_url}/_sandbox/transactions/{charge['id']}/ach-return", timeout=10
    )

    assert response.status_code == 422
