"""A charge refused with invalid_data records nothing and leaves the token usable: the payer's
mistake is answered before anything is sent to the processor (reference §8.3; UNVERIFIED
whether the real gateway spends the token, docs/sandbox/lawpay.md "UNVERIFIED choices")."""

from tests.sandbox.lawpay.support import error_code


def test_the_same_token_is_refused_again_not_found(gateway):
    token = gateway.token(cvv="12")

    first = gateway.charge(method=token)
    second = gateway.charge(method=token)

    assert error_code(first) == error_code(second) == "invalid_data"
    assert gateway.get("/v1/transactions").json()["total_entries"] == 0
