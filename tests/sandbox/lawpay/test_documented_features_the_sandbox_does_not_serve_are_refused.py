"""Documented features the sandbox does not serve answer plainly instead of pretending: saved
cards and banks, recurring charges, signatures and credits are 404 resource_not_found;
``signature``, ``gratuity`` and ``recur`` on a charge are 422 unavailable_for_merchant_policy
and charge nothing (reference §3 "Saved methods and recurring", "Create" optional fields; the
list is docs/sandbox/lawpay.md "Not served")."""

import pytest


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/cards"),
        ("POST", "/v1/cards"),
        ("GET", "/v1/banks"),
        ("POST", "/v1/banks"),
        ("GET", "/v1/recurring/charges"),
        ("POST", "/v1/recurring/charges"),
        ("GET", "/v1/signatures/wKgFnjz8GamBPPzKzIsAAA"),
        ("POST", "/v1/credits"),
    ],
)
def test_the_endpoint_is_not_found(gateway, method, path):
    response = gateway.request(method, path, json={})

    assert response.status_code == 404
    assert response.json()["messages"][0]["code"] == "resource_not_found"


@pytest.mark.parametrize(
    "extra",
    [
        {"signature": {"mime_type": "chargeio/jsignature", "data": "[]"}},
        {"gratuity": 600},
        {"recur": {"interval_unit": "MONTH", "interval_delay": 1}},
    ],
)
def test_a_charge_asking_for_it_is_refused_and_charges_nothing(gateway, extra):
    response = gateway.charge(**extra)

    assert response.status_code == 422
    [message] = response.json()["messages"]
    assert message["code"] == "unavailable_for_merchant_policy"
    assert message["context"] == next(iter(extra))
    assert gateway.get("/v1/transactions").json()["total_entries"] == 0


def test_a_saved_card_id_as_the_method_is_not_found(gateway):
    response = gateway.charge(method="card_wKgFnjz8GamBPPzKzIsAAA")

    assert response.status_code == 404
