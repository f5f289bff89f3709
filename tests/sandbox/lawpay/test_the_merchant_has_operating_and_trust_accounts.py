import pytest
import requests

from tests.sandbox.lawpay.support import SECRET_KEY, error_code


def test_the_merchant_lists_operating_primary_and_trust_for_card_and_echeck(gateway):
    merchant = gateway.get("/v1/merchant").json()

    for accounts in (merchant["merchant_accounts"], merchant["ach_accounts"]):
        primary = [a for a in accounts if a["primary"]]
        trust = [a for a in accounts if a["trust_account"]]
        assert len(accounts) == 2
        assert len(primary) == 1 and primary[0]["trust_account"] is False
        assert len(trust) == 1 and trust[0]["primary"] is False
        assert all(len(a["id"]) == 22 and a["currency"] == "USD" for a in accounts)
        assert all(a["status"] == "ACTIVE" for a in accounts)
    assert [a["name"] for a in merchant["merchant_accounts"]] == ["Operating", "Trust"]


def test_account_ids_survive_a_reset(gateway, lawpay_sandbox):
    before = gateway.accounts()

    lawpay_sandbox.reset()

    assert gateway.accounts() == before


def test_put_merchant_sets_the_events_urls_per_mode(gateway):
    response = gateway.put(
        "/v1/merchant",
        json={
            "test_events_urls": "https://remit.test/hooks/a,https://remit.test/hooks/b",
            "live_events_urls": "https://remit.example/hooks",
        },
    )

    assert response.status_code == 200
    merchant = gateway.get("/v1/merchant").json()
    assert merchant["test_events_urls"] == "https://remit.test/hooks/a,https://remit.test/hooks/b"
    assert merchant["live_events_urls"] == "https://remit.example/hooks"


@pytest.mark.parametrize("value", ["ftp://x", "https://x/" + "a" * 1020])
def test_bad_events_urls_are_invalid_data(gateway, value):
    response = gateway.put("/v1/merchant", json={"test_events_urls": value})

    assert response.status_code == 422
    assert error_code(response) == "invalid_data"


def test_payment_pages_list_one_page_per_deposit_with_a_public_url(gateway):
    pages = gateway.get("/payment-pages").json()["payment_pages"]
    accounts = gateway.accounts()

    assert {(p["merchant_account_id"], p["ach_account_id"]) for p in pages} == {
        (accounts["Operating"], accounts["Operating eCheck"]),
        (accounts["Trust"], accounts["Trust eCheck"]),
    }
    for page in pages:
        assert page["public_url"].startswith(f"{gateway.base_url}/pages/demo-law-firm/")
        assert requests.get(page["public_url"], timeout=10).status_code == 200


def test_payment_pages_also_take_the_secret_key_as_a_bearer_token(gateway):
    response = requests.get(
        f"{gateway.base_url}/payment-pages",
        headers={"Authorization": f"Bearer {SECRET_KEY}"},
        timeout=10,
    )

    assert response.status_code == 200
