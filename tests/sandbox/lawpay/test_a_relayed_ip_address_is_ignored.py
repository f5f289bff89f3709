"""The sandbox serves no country policy: ``X-Relayed-IP-Address`` is accepted and ignored, so a
charge for a payer anywhere is authorized (reference §1 "Client IP relay", §6
not_authorized_country_denied; docs/sandbox/lawpay.md "Not served")."""


def test_a_charge_relayed_from_a_foreign_ip_is_authorized(gateway):
    response = gateway.post(
        "/v1/charges",
        json={"amount": 1000, "method": gateway.token()},
        headers={"X-Relayed-IP-Address": "95.27.173.123"},
    )

    assert response.status_code == 200
    assert response.json()["status"] == "AUTHORIZED"
