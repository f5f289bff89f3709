from tests.sandbox.lawpay.support import error_code


def test_partial_refunds_add_up_to_the_charge_and_no_further(gateway):
    charge = gateway.charged(10000)

    first = gateway.post(f"/v1/charges/{charge['id']}/refund", json={"amount": 6000})
    second = gateway.post(f"/v1/charges/{charge['id']}/refund", json={"amount": "4001"})
    third = gateway.post(f"/v1/charges/{charge['id']}/refund", json={"amount": 4000})

    assert first.status_code == 200
    assert second.status_code == 422
    assert error_code(second) == "refund_exceeds_transaction"
    assert third.status_code == 200
    parent = gateway.get(f"/v1/transactions/{charge['id']}").json()
    assert parent["amount_refunded"] == 10000
    assert [r["amount"] for r in parent["refunds"]] == [6000, 4000]
    assert error_code(gateway.post(f"/v1/charges/{charge['id']}/refund", json={"amount": 1})) == (
        "refund_exceeds_transaction"
    )


def test_a_card_refund_is_a_refund_transaction_pointing_at_its_charge(gateway):
    charge = gateway.charged(2500, reference="INV-1")

    refund = gateway.post(
        f"/v1/charges/{charge['id']}/refund", json={"amount": 500, "reference": "R-1"}
    ).json()

    assert refund["type"] == "REFUND"
    assert refund["charge_id"] == charge["id"]
    assert refund["status"] == "AUTHORIZED"
    assert refund["auto_capture"] is True
    assert refund["reference"] == "R-1"
    assert refund["account_id"] == charge["account_id"]


def test_a_refund_without_an_amount_refunds_what_remains(gateway):
    charge = gateway.charged(3000)
    gateway.post(f"/v1/charges/{charge['id']}/refund", json={"amount": 1000})

    refund = gateway.post(f"/v1/charges/{charge['id']}/refund", json={}).json()

    assert refund["amount"] == 2000


def test_an_auth_only_charge_must_be_captured_before_a_refund(gateway):
    charge = gateway.charged(3000, auto_capture=False)

    response = gateway.post(f"/v1/charges/{charge['id']}/refund", json={"amount": 100})

    assert response.status_code == 422
    assert error_code(response) == "not_valid_for_transaction_status"


def test_a_refund_of_a_captured_manual_capture_charge_is_completed_at_once(gateway):
    charge = gateway.charged(3000, auto_capture=False)
    gateway.post(f"/v1/charges/{charge['id']}/capture", json={})

    refund = gateway.post(f"/v1/charges/{charge['id']}/refund", json={"amount": 100}).json()

    assert refund["status"] == "COMPLETED"
