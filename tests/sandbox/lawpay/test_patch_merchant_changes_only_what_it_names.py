"""PATCH /v1/merchant changes only the fields it names and keeps every other one (reference §7:
the official clients' PATCH is a partial update, documented for accounts; for /v1/merchant it
is a sandbox convenience, docs/sandbox/lawpay.md "Gateway API implemented")."""

from tests.sandbox.lawpay.test_put_merchant_replaces_the_whole_record import WRITABLE


def test_a_patch_changes_only_the_fields_it_sends(gateway):
    before = gateway.get("/v1/merchant").json()

    response = gateway.request("PATCH", "/v1/merchant", json={"contact_name": "Sam Ortiz"})

    assert response.status_code == 200
    after = gateway.get("/v1/merchant").json()
    assert after["contact_name"] == "Sam Ortiz"
    assert {f: after.get(f) for f in WRITABLE if f != "contact_name"} == {
        f: before.get(f) for f in WRITABLE if f != "contact_name"
    }


def test_a_patch_of_the_events_urls_keeps_the_contact_and_the_other_mode(gateway):
    gateway.request("PATCH", "/v1/merchant", json={"live_events_urls": "https://remit.example/l"})
    before = gateway.get("/v1/merchant").json()

    gateway.request("PATCH", "/v1/merchant", json={"test_events_urls": "https://remit.test/t"})

    after = gateway.get("/v1/merchant").json()
    assert after["live_events_urls"] == "https://remit.example/l"
    assert after["test_events_urls"] == "https://remit.test/t"
    assert {f: after.get(f) for f in WRITABLE} == {f: before.get(f) for f in WRITABLE}
