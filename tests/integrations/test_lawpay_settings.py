"""An admin connects LawPay: keys checked and stored encrypted, accounts chosen by role, events
URL registered — against the LawPay emulator over real sockets."""

import pytest
import requests
from django.test import override_settings
from django.urls import reverse

from integrations.models import LawPayConnection


@pytest.fixture
def gateway(lawpay_sandbox):
    with override_settings(LAWPAY_BASE_URL=lawpay_sandbox.base_url):
        yield lawpay_sandbox


@pytest.fixture
def credentials(gateway) -> dict:
    return requests.get(f"{gateway.base_url}/_sandbox/credentials", timeout=5).json()


@pytest.fixture
def admin_client(client, firm_admin):
    client.force_login(firm_admin)
    return client


def card_account(credentials, name: str) -> str:
    return next(
        a["id"]
        for a in credentials["accounts"]
        if a["mode"] == "TEST" and a["kind"] == "card" and a["name"] == name
    )


def save_keys(client, credentials, *, secret_key=None):
    return client.post(
        reverse("integrations:lawpay-keys"),
        {
            "mode": "test",
            "secret_key": credentials["test_secret_key"] if secret_key is None else secret_key,
            "public_key": credentials["public_key"],
        },
        follow=True,
    )


def save_accounts(client, credentials, *, operating: str, trust: str):
    return client.post(
        reverse("integrations:lawpay-accounts"),
        {
            "operating_account_id": card_account(credentials, operating),
            "trust_account_id": card_account(credentials, trust),
            "operating_page_url": "https://pay.example/pages/firm/operating",
            "trust_page_url": "https://pay.example/pages/firm/trust",
        },
        follow=True,
    )


def test_a_checked_key_is_stored_encrypted_and_never_shown_back(admin_client, credentials):
    response = save_keys(admin_client, credentials)

    html = response.content.decode()
    connection = LawPayConnection.objects.get()
    assert "account(s) found" in html
    assert connection.secret_key == credentials["test_secret_key"]
    assert credentials["test_secret_key"] not in html
    assert credentials["test_secret_key"][-4:] in html  # the masked tail only


def test_a_key_the_gateway_refuses_is_not_stored(admin_client, credentials):
    response = save_keys(admin_client, credentials, secret_key="not-a-real-key-" * 4)

    assert "LawPay refused this secret key" in response.content.decode()
    assert not LawPayConnection.objects.exists()


def test_a_key_check_refused_by_the_ip_policy_is_not_called_a_refused_key(
    admin_client, credentials, gateway
):
    auth = (credentials["test_secret_key"], "")
    merchant = requests.get(f"{gateway.base_url}/v1/merchant", auth=auth, timeout=5).json()
    requests.put(
        f"{gateway.base_url}/v1/merchant",
        json=merchant | {"api_allowed_ip_address_ranges": "203.0.113.0/24"},
        auth=auth,
        timeout=5,
    ).raise_for_status()

    html = save_keys(admin_client, credentials).content.decode()

    assert "IP address or country policy" in html
    assert "refused this secret key" not in html
    assert not LawPayConnection.objects.exists()


def test_the_page_offers_the_merchants_accounts_and_their_hosted_pages(admin_client, credentials):
    save_keys(admin_client, credentials)

    html = admin_client.get(reverse("integrations:connections")).content.decode()

    assert card_account(credentials, "Operating") in html
    assert "Trust (trust)" in html
    assert "/pages/demo-law-firm/operating" in html  # suggested from GET /payment-pages


def test_the_admin_chooses_operating_and_trust_accounts(admin_client, credentials):
    save_keys(admin_client, credentials)

    response = save_accounts(admin_client, credentials, operating="Operating", trust="Trust")

    connection = LawPayConnection.objects.get()
    assert "accounts saved" in response.content.decode()
    assert connection.operating_account_id == card_account(credentials, "Operating")
    assert connection.trust_account_id == card_account(credentials, "Trust")
    assert (connection.operating_account_name, connection.trust_account_name) == (
        "Operating",
        "Trust",
    )
    # Each card account's eCheck twin comes along, from its hosted page.
    banks = {
        a["name"]: a["id"]
        for a in credentials["accounts"]
        if a["mode"] == "TEST" and a["kind"] == "bank"
    }
    assert connection.operating_ach_account_id == banks["Operating eCheck"]
    assert connection.trust_ach_account_id == banks["Trust eCheck"]


def test_swapped_accounts_are_refused_because_their_trust_flags_contradict(
    admin_client, credentials
):
    save_keys(admin_client, credentials)

    response = save_accounts(admin_client, credentials, operating="Trust", trust="Operating")

    assert "is a trust account in LawPay" in response.content.decode()
    assert LawPayConnection.objects.get().operating_account_id == ""


def test_one_account_cannot_be_both_operating_and_trust(admin_client, credentials):
    save_keys(admin_client, credentials)

    response = save_accounts(admin_client, credentials, operating="Trust", trust="Trust")

    assert "must be different accounts" in response.content.decode()


def test_registering_the_events_url_adds_it_to_the_test_mode_list(
    admin_client, credentials, gateway
):
    save_keys(admin_client, credentials)

    admin_client.post(reverse("integrations:lawpay-webhook"))

    connection = LawPayConnection.objects.get()
    merchant = requests.get(
        f"{gateway.base_url}/v1/merchant",
        auth=(credentials["test_secret_key"], ""),
        timeout=5,
    ).json()
    assert connection.webhook_registered_url.endswith(
        f"/webhooks/lawpay/{connection.webhook_token}/"
    )
    assert connection.webhook_registered_url in merchant["test_events_urls"]
    assert len(connection.webhook_token) >= 40


def test_registering_the_events_url_keeps_the_rest_of_the_merchant(
    admin_client, credentials, gateway
):
    auth = (credentials["test_secret_key"], "")
    before = requests.get(f"{gateway.base_url}/v1/merchant", auth=auth, timeout=5).json()
    before |= {
        "live_events_urls": "https://remit.example/hooks/live",
        "api_allowed_ip_address_ranges": "127.0.0.0/8",
    }
    requests.put(
        f"{gateway.base_url}/v1/merchant", json=before, auth=auth, timeout=5
    ).raise_for_status()
    save_keys(admin_client, credentials)

    admin_client.post(reverse("integrations:lawpay-webhook"))

    after = requests.get(f"{gateway.base_url}/v1/merchant", auth=auth, timeout=5).json()
    kept = ("name", "contact_name", "contact_email", "address1", "city", "postal_code")
    kept += ("api_allowed_ip_address_ranges", "live_events_urls")
    assert {f: after.get(f) for f in kept} == {f: before[f] for f in kept}
    assert LawPayConnection.objects.get().webhook_registered_url in after["test_events_urls"]


@pytest.mark.parametrize("role", ["billing_clerk", "attorney"])
def test_only_admins_may_change_the_lawpay_connection(client, db, request, role, credentials):
    client.force_login(request.getfixturevalue(role))

    response = save_keys(client, credentials)

    assert response.status_code == 403
    assert not LawPayConnection.objects.exists()
