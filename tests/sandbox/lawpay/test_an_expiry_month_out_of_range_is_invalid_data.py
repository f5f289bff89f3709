"""An expiry month of 0 or 13 is 422 invalid_data on ``method.exp_month`` ("Expiration month is
invalid"), with the sub_code the spec names, not number_out_of_range (reference §6 Errors
sub_codes; [GEM] token_spec.rb "should return below_minimum_value" / "exceeds_maximum_value")."""

import pytest


@pytest.mark.parametrize(
    ("month", "sub_code"), [(0, "below_minimum_value"), (13, "exceeds_maximum_value")]
)
def test_the_charge_of_the_token_is_invalid_data(gateway, month, sub_code):
    response = gateway.charge(method=gateway.token(exp_month=month))

    assert response.status_code == 422
    [message] = response.json()["messages"]
    assert (message["code"], message["context"]) == ("invalid_data", "method.exp_month")
    assert (message["sub_code"], message["message"]) == (sub_code, "Expiration month is invalid")
