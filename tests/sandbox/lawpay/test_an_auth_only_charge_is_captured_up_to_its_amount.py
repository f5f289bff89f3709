from tests.sandbox.lawpay.support import error_code


def test_capture_beyond_the_authorized_amount_is_refused(gateway):
    hold = gateway.charged(5000, auto_capture=False)

    response = gateway.post(f"/v1/charges/{hold['id']}/capture", json={"amount": 5001})

    assert response.status_code == 422
    assert error_code(response) == "exceeds_authorized_amount"


def test_an_immediate_partial_capture_completes_the_charge(gateway):
    hold = gateway.charged(5000, auto_capture=False)

    captured = gateway.post(
        f"/v1/charges/{hold['id']}/capture", json={"amount": 4500, "reference": "cap-1"}
    ).json()

    assert captured["status"] == "COMPLETED"
    assert captured["amount"] == 4500
    assert captured["capture_reference"] == "cap-1"


def test_an_echeck_charge_cannot_be_captured(gateway):
    charge = gateway.charged(method=gateway.bank_token())

    response = gateway.post(f"/v1/charges/{charge['id']}/capture", json={})

    assert error_code(response) == "incorrect_payment_type"
