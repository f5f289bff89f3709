import pytest

from tests.sandbox.lawpay.support import error_code

CODES = [
    "ach_declined",
    "ach_declined_hold",
    "ach_declined_duplicate",
    "ach_invalid_account_number",
    "ach_insufficient_funds",
    "ach_account_not_found",
    "ach_account_closed",
    "ach_account_frozen",
    "ach_limit_exceeded",
]


@pytest.mark.parametrize(("n", "code"), list(enumerate(CODES, start=1)))
def test_routing_000000013_with_account_100000000n_declines(gateway, n, code):
    response = gateway.charge(method=gateway.bank_token(f"100000000{n}"))

    assert response.status_code == 422
    assert error_code(response) == code


def test_routing_000000001_is_an_invalid_routing_number(gateway):
    response = gateway.charge(method=gateway.bank_token(routing="000000001"))

    assert error_code(response) == "ach_invalid_routing_number"


@pytest.mark.parametrize(
    ("routing", "account"), [("000000000", "1000000002"), ("000000013", "987654321")]
)
def test_the_test_routing_numbers_approve_other_accounts(gateway, routing, account):
    charge = gateway.charged(method=gateway.bank_token(account, routing=routing))

    assert charge["status"] == "AUTHORIZED"
    assert charge["account_id"] == gateway.accounts()["Operating eCheck"]
    assert charge["method"]["bank_name"] == "FIRST BANK OF TESTING"
