"""PUT /v1/merchant replaces the whole writable record, as the real gateway may: a partial PUT
blanks the contact, address and other fields it leaves out (reference §5 "Registration", §7
"PUT|PATCH"; UNVERIFIED, docs/sandbox/lawpay.md "UNVERIFIED choices")."""

WRITABLE = (
    "name",
    "contact_name",
    "contact_email",
    "contact_phone",
    "address1",
    "city",
    "state",
    "postal_code",
    "country",
    "timezone",
)


def test_the_seeded_merchant_has_a_contact_and_an_address(gateway):
    merchant = gateway.get("/v1/merchant").json()

    assert all(merchant.get(field) for field in WRITABLE)


def test_a_partial_put_blanks_every_field_it_leaves_out(gateway):
    gateway.put("/v1/merchant", json={"live_events_urls": "https://remit.example/hooks/live"})

    response = gateway.put("/v1/merchant", json={"test_events_urls": "https://remit.test/hooks"})

    assert response.status_code == 200
    merchant = gateway.get("/v1/merchant").json()
    assert merchant["test_events_urls"] == "https://remit.test/hooks"
    assert "live_events_urls" not in merchant
    assert not any(merchant.get(field) for field in WRITABLE)


def test_a_full_put_keeps_what_it_sends_back(gateway):
    merchant = gateway.get("/v1/merchant").json()

    gateway.put("/v1/merchant", json=merchant | {"test_events_urls": "https://remit.test/hooks"})

    after = gateway.get("/v1/merchant").json()
    assert {f: after.get(f) for f in WRITABLE} == {f: merchant.get(f) for f in WRITABLE}
    assert after["test_events_urls"] == "https://remit.test/hooks"
