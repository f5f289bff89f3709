import requests


def test_a_chargeback_marks_the_charge_and_fires_transaction_updated(gateway):
    charge = gateway.charged(9000)
    requests.post(f"{gateway.base_url}/_sandbox/capture", json={}, timeout=10)

    disputed = requests.post(
        f"{gateway.base_url}/_sandbox/transactions/{charge['id']}/chargeback",
        json={"amount": 4000, "reason": "product_not_received"},
        timeout=10,
    ).json()

    assert disputed["chargeback"]["amount"] == 4000
    assert disputed["status"] == "COMPLETED"
    newest = gateway.get("/v1/events").json()["results"][0]
    assert newest["type"] == "transaction.updated"
    assert newest["data"]["chargeback"]["reason"] == "product_not_received"
