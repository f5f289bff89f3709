from tests.sandbox.lawpay.support import error_code


def test_a_token_charges_once_and_then_is_not_found(gateway):
    token = gateway.token()
    gateway.charged(method=token)

    again = gateway.charge(method=token)

    assert again.status_code == 404
    assert error_code(again) == "resource_not_found"


def test_a_token_used_by_a_declined_charge_is_spent_too(gateway):
    token = gateway.token("4000000000000002")
    gateway.charge(method=token)

    assert gateway.charge(method=token).status_code == 404


def test_an_unknown_token_is_not_found(gateway):
    assert gateway.charge(method="wKgFaj72F3aBPvZneEsBew").status_code == 404
