"""Registering the events URL writes the whole merchant back, so nothing else is blanked.

The emulator's PUT /v1/merchant replaces the whole record, as the real one may (client.py
``merchant_update``), so a partial write would show here as lost fields.
"""

import requests
from responses import matchers

from tests.integrations.lawpay.conftest import API, SANDBOX_TEST_SECRET_KEY

FIRM = {
    "name": "Whitfield & Ortiz LLP",
    "contact_name": "Dana Whitfield",
    "contact_email": "billing@whitfield-ortiz.example",
    "contact_phone": "+15125550142",
    "address1": "100 Congress Ave",
    "address2": "Suite 1200",
    "city": "Austin",
    "state": "TX",
    "postal_code": "78701",
    "country": "US",
    "timezone": "America/Chicago",
    # Loopback stays allowed, or the emulator would refuse this very test.
    "api_allowed_ip_address_ranges": "127.0.0.0/8,203.0.113.0/24",
    "live_events_urls": "https://remit.example/hooks/lawpay/live",
}


def _merchant_raw(gateway) -> dict:
    response = requests.get(
        f"{gateway.base_url}/v1/merchant", auth=(SANDBOX_TEST_SECRET_KEY, ""), timeout=10
    )
    response.raise_for_status()
    return response.json()


def test_registering_the_events_url_keeps_contact_address_allowed_ips_and_live_urls(gateway):
    requests.put(
        f"{gateway.base_url}/v1/merchant",
        json=FIRM,
        auth=(SANDBOX_TEST_SECRET_KEY, ""),
        timeout=10,
    ).raise_for_status()

    gateway.client.merchant_events_urls_set(test_urls=["http://127.0.0.1:9/hooks/lawpay"])

    merchant = _merchant_raw(gateway)
    assert merchant["test_events_urls"] == "http://127.0.0.1:9/hooks/lawpay"
    assert {field: merchant.get(field) for field in FIRM} == FIRM


def test_a_field_newer_than_the_client_is_written_back_unchanged(mocked, client):
    current = {
        "id": "m1",
        "name": "Smith Law",
        "merchant_accounts": [{"id": "op", "name": "Operating"}],
        "contact_email": "office@smith.example",
        "brand_new_setting": {"enabled": True},
    }
    mocked.get(f"{API}/v1/merchant", json=current)
    written = {
        "name": "Smith Law",
        "contact_email": "office@smith.example",
        "brand_new_setting": {"enabled": True},
        "test_events_urls": "https://remit.example/hooks/lawpay",
    }
    mocked.put(f"{API}/v1/merchant", match=[matchers.json_params_matcher(written)], json=current)

    client.merchant_events_urls_set(test_urls=["https://remit.example/hooks/lawpay"])
