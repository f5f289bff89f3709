from tests.sandbox.lawpay.support import LIVE_SECRET_KEY, error_code


def _live_accounts(gateway):
    return gateway.with_key(LIVE_SECRET_KEY).accounts()


def test_a_test_key_charging_a_live_account_gets_422(gateway):
    live_operating = _live_accounts(gateway)["Operating"]

    response = gateway.charge(account_id=live_operating)

    assert response.status_code == 422
    assert error_code(response) == "unavailable_for_merchant_mode"


def test_a_live_key_charging_a_test_account_gets_the_documented_message(gateway):
    test_operating = gateway.accounts()["Operating"]
    live = gateway.with_key(LIVE_SECRET_KEY)

    response = live.charge(account_id=test_operating, method=gateway.token())

    assert response.status_code == 422
    [message] = response.json()["messages"]
    assert message["code"] == "unavailable_for_merchant_mode"
    assert message["message"] == "Mode LIVE not supported for account of type TEST"


def test_each_key_sees_only_its_own_mode(gateway):
    live = gateway.with_key(LIVE_SECRET_KEY)
    test_charge = gateway.charged()

    assert set(_live_accounts(gateway).values()).isdisjoint(gateway.accounts().values())
    assert live.get(f"/v1/transactions/{test_charge['id']}").status_code == 404
    assert live.get("/v1/transactions").json()["total_entries"] == 0
    assert live.get("/v1/events").json()["total_entries"] == 0


def test_a_live_key_charges_live_accounts(gateway):
    live = gateway.with_key(LIVE_SECRET_KEY)

    charge = live.charged(method=gateway.token(), account_id=_live_accounts(gateway)["Trust"])

    assert charge["status"] == "AUTHORIZED"
