"""A 401 the merchant's IP-range or country policy caused is not reported as a refused key."""

import pytest
import requests

from integrations.lawpay import errors
from tests.integrations.lawpay.conftest import API, SANDBOX_TEST_SECRET_KEY, error_json

POLICY_BODIES = [
    error_json("not_authorized_country_denied"),
    error_json("not_authorized", "Not authorized", context="api_allowed_ip_address_ranges"),
    error_json("not_authorized", "Not authorized", context="transaction_allowed_countries"),
    error_json("not_authorized", "Request from a disallowed IP address"),
    error_json("not_authorized", "Country not allowed by policy"),
    error_json("not_authorized", "Not authorized", entity_id="failedTxn"),
]


@pytest.mark.parametrize("body", POLICY_BODIES)
def test_a_policy_401_is_access_policy_refused(mocked, client, body):
    mocked.get(f"{API}/v1/merchant", status=401, json=body)

    with pytest.raises(errors.AccessPolicyRefused) as caught:
        client.merchant()

    assert not isinstance(caught.value, errors.AuthenticationFailed)
    assert "IP address or country policy" in str(caught.value)


def test_a_bare_not_authorized_is_still_a_refused_key(mocked, client):
    mocked.get(
        f"{API}/v1/merchant", status=401, json=error_json("not_authorized", "Not authorized")
    )

    with pytest.raises(errors.AuthenticationFailed):
        client.merchant()


def test_a_request_from_outside_the_allowed_ip_ranges_is_a_policy_refusal(gateway):
    requests.put(
        f"{gateway.base_url}/v1/merchant",
        json={"name": "Whitfield & Ortiz LLP", "api_allowed_ip_address_ranges": "203.0.113.0/24"},
        auth=(SANDBOX_TEST_SECRET_KEY, ""),
        timeout=10,
    ).raise_for_status()

    with pytest.raises(errors.AccessPolicyRefused, match="IP address or country policy"):
        gateway.client.merchant()
