import pytest
from responses import matchers

from integrations.lawpay import errors
from tests.integrations.lawpay.conftest import API, transaction_json

MERCHANT = {
    "id": "m1",
    "name": "Smith Law",
    "merchant_accounts": [
        {"id": "op", "status": "ACTIVE", "name": "Operating", "primary": True, "currency": "USD"},
        {"id": "tr", "status": "ACTIVE", "name": "Trust", "primary": False, "trust_account": True},
    ],
    "ach_accounts": [{"id": "ach", "name": "eCheck", "trust_account": "false"}],
    "test_events_urls": "https://remit.example/hooks/lawpay",
}


def test_the_merchant_lists_card_and_bank_accounts_with_their_trust_flag(mocked, client):
    mocked.get(f"{API}/v1/merchant", json=MERCHANT)
    merchant = client.merchant()
    assert [(a.id, a.kind, a.primary, a.trust_account) for a in merchant.accounts] == [
        ("op", "card", True, None),
        ("tr", "card", False, True),
        ("ach", "bank", False, False),
    ]
    assert merchant.test_events_urls == ("https://remit.example/hooks/lawpay",)


def _writable(merchant: dict) -> dict:
    read_only = {"id", "merchant_accounts", "ach_accounts"}
    return {k: v for k, v in merchant.items() if k not in read_only}


def test_it_registers_webhook_urls_comma_separated(mocked, client):
    mocked.get(f"{API}/v1/merchant", json=MERCHANT)
    written = _writable(MERCHANT) | {"test_events_urls": "https://a.example/h,https://b.example/h"}
    mocked.put(f"{API}/v1/merchant", match=[matchers.json_params_matcher(written)], json=MERCHANT)
    client.merchant_events_urls_set(test_urls=["https://a.example/h", "https://b.example/h"])


def test_it_can_clear_the_live_webhook_urls(mocked, client):
    mocked.get(f"{API}/v1/merchant", json=MERCHANT)
    written = _writable(MERCHANT) | {"live_events_urls": ""}
    mocked.put(f"{API}/v1/merchant", match=[matchers.json_params_matcher(written)], json=MERCHANT)
    client.merchant_events_urls_set(live_urls=[])


def test_it_refuses_webhook_urls_longer_than_1024_characters_together(mocked, client):
    urls = [f"https://remit.example/{'x' * 200}/{i}" for i in range(5)]
    with pytest.raises(ValueError, match="1024"):
        client.merchant_events_urls_set(test_urls=urls)
    assert not mocked.calls


def test_it_refuses_to_set_nothing(client):
    with pytest.raises(ValueError):
        client.merchant_events_urls_set()


def test_payment_pages_use_the_partner_bearer_token(mocked, client):
    mocked.get(
        f"{API}/payment-pages",
        match=[matchers.header_matcher({"Authorization": "Bearer oauth-token"})],
        json={
            "payment_pages": [
                {
                    "id": 1279,
                    "title": "Invoice Payment",
                    "merchant_account_id": "op",
                    "ach_account_id": "ach",
                    "public_url": "https://secure.affinipay.com/pages/mybusiness/myaccount",
                }
            ]
        },
    )
    [page] = client.payment_pages(access_token="oauth-token")
    assert (page.id, page.merchant_account_id) == (1279, "op")
    assert page.public_url == "https://secure.affinipay.com/pages/mybusiness/myaccount"


def test_an_event_is_fetched_by_id_with_its_transaction(mocked, client):
    mocked.get(
        f"{API}/v1/events/3mLZet76SrOMg0Gs3QsTbA",
        json={
            "id": "3mLZet76SrOMg0Gs3QsTbA",
            "created": "2016-10-25T18:08:22.811Z",
            "type": "transaction.authorized",
            "data": transaction_json(),
        },
    )
    event = client.event_get("3mLZet76SrOMg0Gs3QsTbA")
    assert event.type == "transaction.authorized"
    assert event.created.isoformat() == "2016-10-25T18:08:22.811000+00:00"
    assert event.transaction.reference == "ACME-2025-0001"


def test_a_non_transaction_event_has_no_transaction(mocked, client):
    mocked.get(
        f"{API}/v1/events/e2",
        json={"id": "e2", "type": "payment_method.expiring", "data": {"id": "card1"}},
    )
    assert client.event_get("e2").transaction is None


def test_an_unknown_event_is_not_found(mocked, client):
    mocked.get(
        f"{API}/v1/events/nope", status=404, json={"messages": [{"code": "resource_not_found"}]}
    )
    with pytest.raises(errors.NotFound):
        client.event_get("nope")


def test_offset_timestamps_are_parsed_too(mocked, client):
    mocked.get(
        f"{API}/v1/transactions/t1",
        json=transaction_json(created="2016-02-24T14:36:27.000-06:00"),
    )
    assert client.transaction_get("t1").created.utcoffset().total_seconds() == -6 * 3600
