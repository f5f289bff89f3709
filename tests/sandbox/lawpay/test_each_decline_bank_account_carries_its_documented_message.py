"""Each test bank account declines with the gateway's own message text (reference §6 Test data;
[GEM] spec/integration/ach_spec.rb "transaction failures", messages verbatim)."""

import pytest

from tests.sandbox.lawpay.support import TEST_ROUTING

MESSAGES = [
    ("1000000001", "ach_declined", "Transaction was declined"),
    ("1000000002", "ach_declined_hold", "Transaction was declined"),
    ("1000000003", "ach_declined_duplicate", "Transaction was declined as a duplicate"),
    ("1000000004", "ach_invalid_account_number", "Account number is invalid"),
    ("1000000005", "ach_insufficient_funds", "Transaction was declined due to insufficient funds"),
    ("1000000006", "ach_account_not_found", "Account was not found"),
    ("1000000007", "ach_account_closed", "Account is closed"),
    ("1000000008", "ach_account_frozen", "Account is frozen"),
    ("1000000009", "ach_limit_exceeded", "Transaction was declined due to limits exceeded"),
]


@pytest.mark.parametrize(("account", "code", "text"), MESSAGES)
def test_the_decline_says_what_the_gateway_says(gateway, account, code, text):
    response = gateway.charge(method=gateway.bank_token(account))

    assert response.status_code == 422
    [message] = response.json()["messages"]
    assert (message["code"], message["message"]) == (code, text)


def test_routing_000000001_says_the_routing_number_is_invalid(gateway):
    response = gateway.charge(method=gateway.bank_token(routing="000000001"))

    [message] = response.json()["messages"]
    assert message["message"] == "Routing number is invalid"
    assert TEST_ROUTING != "000000001"
