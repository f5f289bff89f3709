"""The gateway cuts a token's name, address1, address2 and city to 64 characters rather than
refusing them (reference §3 Tokens; [GEM] token_spec.rb "should accept due to ... truncation",
which cuts each of them to its first 64 characters)."""

import pytest

from tests.sandbox.lawpay.support import PUBLIC_KEY, VISA

TYPED = {
    "name": "Alexandria Catherine Montgomery-Fitzwilliam of the Greater Travis County Bar",
    "address1": "1200 North Lamar Boulevard, Building Seven, Floor Twelve, Suite 1210",
    "address2": "Attention Accounts Receivable Department, Trust and IOLTA Disbursements",
    "city": "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch-on-the-Sea",
}


@pytest.mark.parametrize("field", sorted(TYPED))
def test_the_token_and_its_charge_carry_the_first_64_characters(gateway, field):
    typed = TYPED[field]
    kept = typed[:64]
    body = {"type": "card", "number": VISA, "exp_month": 12, "exp_year": 2040, field: typed}
    token = gateway.with_key(PUBLIC_KEY).post("/v1/tokens", json=body).json()

    charge = gateway.charged(method=token["id"])

    assert len(typed) > 64
    assert token[field] == kept
    assert charge["method"][field] == kept
