"""A charge whose token has several invalid fields answers one message per field, each with its
own ``context`` (reference §6 Errors; reporting all at once is UNVERIFIED, the specs show one
field at a time: docs/sandbox/lawpay.md "UNVERIFIED choices")."""


def test_each_invalid_field_has_its_own_message(gateway):
    token = gateway.token(cvv="12", state="ZZ", country="US", postal_code="1")

    response = gateway.charge(method=token)

    assert response.status_code == 422
    messages = response.json()["messages"]
    assert {m["code"] for m in messages} == {"invalid_data"}
    assert [m["context"] for m in messages] == ["method.cvv", "method.state", "method.postal_code"]
