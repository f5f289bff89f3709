"""A token's postal code keeps letters, digits and hyphens, at most 10 of them (reference §3
Tokens; [GEM] token_spec.rb: "78726-12345" -> "78726-1234", "78_726+62A" -> "7872662A"). Keeping
a space too is a sandbox choice (UNVERIFIED, sandbox/lawpay/methods.py POSTAL_STRIP)."""

import pytest


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("78726-12345", "78726-1234"), ("78_726+62A", "7872662A"), ("K1A 0B1", "K1A 0B1")],
)
def test_the_charge_carries_the_normalised_postal_code(gateway, typed, kept):
    charge = gateway.charged(method=gateway.token(postal_code=typed))

    assert charge["method"]["postal_code"] == kept
