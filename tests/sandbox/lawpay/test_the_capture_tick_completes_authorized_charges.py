import requests

from tests.sandbox.lawpay.support import Gateway, wait_for


def test_the_control_tick_completes_auto_capture_charges_and_not_holds(gateway):
    charge = gateway.charged()
    hold = gateway.charged(auto_capture=False)

    ticked = requests.post(f"{gateway.base_url}/_sandbox/capture", json={}, timeout=10).json()

    assert ticked["captured"] == [charge["id"]]
    assert gateway.get(f"/v1/transactions/{charge['id']}").json()["status"] == "COMPLETED"
    assert gateway.get(f"/v1/transactions/{hold['id']}").json()["status"] == "AUTHORIZED"
    assert [h["id"] for h in gateway.get("/v1/charges/holds").json()["results"]] == [hold["id"]]


def test_the_tick_emits_transaction_completed(gateway):
    charge = gateway.charged()

    requests.post(f"{gateway.base_url}/_sandbox/capture", json={}, timeout=10)

    newest = gateway.get("/v1/events").json()["results"][0]
    assert (newest["type"], newest["data"]["id"]) == ("transaction.completed", charge["id"])
    assert newest["data"]["status"] == "COMPLETED"


def test_the_automatic_tick_captures_after_the_configured_delay(lawpay_sandbox_factory):
    sandbox = lawpay_sandbox_factory(LAWPAY_SANDBOX_CAPTURE_DELAY="0.3")
    gateway = Gateway(sandbox.base_url)
    charge = gateway.charged()

    wait_for(
        lambda: gateway.get(f"/v1/transactions/{charge['id']}").json()["status"] == "COMPLETED",
        timeout=5,
    )
