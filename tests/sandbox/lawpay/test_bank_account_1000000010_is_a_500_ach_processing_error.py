"""Routing 000000013 with account 1000000010 makes the ACH processor fail: 500
ach_processing_error whose ``entity_id`` is the charge, recorded FAILED (reference §6 Errors,
"500: ... ach_processing_error"; [GEM] ach_spec.rb "should raise an ach processing exception",
which expects a ServerError with the code and an entity_id)."""


def test_the_charge_is_a_500_naming_the_failed_transaction(gateway):
    response = gateway.charge(method=gateway.bank_token("1000000010"))

    assert response.status_code == 500
    [message] = response.json()["messages"]
    assert message["code"] == "ach_processing_error"
    assert message["facility"] == "payment_processor"
    failed = gateway.get(f"/v1/transactions/{message['entity_id']}").json()
    assert (failed["status"], failed["failure_code"]) == ("FAILED", "ach_processing_error")
    assert failed["method"]["type"] == "bank"
