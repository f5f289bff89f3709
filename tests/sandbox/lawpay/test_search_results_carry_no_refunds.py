"""Only GET /v1/transactions/{id} lists a charge's ``refunds[]``; search results, and the
transactions inside events, do not (reference §3 "Read and search": "GET /v1/transactions/{id}
returns any transaction; charges include refunds[]"; [J] search_transactions.md)."""


def test_the_charge_found_by_search_has_no_refunds_list(gateway):
    charge = gateway.charged()
    gateway.post(f"/v1/charges/{charge['id']}/refund", json={"amount": 2500})

    found = gateway.get("/v1/transactions", params={"qf": "type:CHARGE"}).json()["results"]
    fetched = gateway.get(f"/v1/transactions/{charge['id']}").json()

    assert [t["id"] for t in found] == [charge["id"]]
    assert "refunds" not in found[0]
    assert found[0]["amount_refunded"] == 2500
    assert [r["amount"] for r in fetched["refunds"]] == [2500]


def test_events_carry_no_refunds_list(gateway):
    charge = gateway.charged()
    gateway.post(f"/v1/charges/{charge['id']}/refund", json={"amount": 2500})

    events = gateway.get("/v1/events").json()["results"]

    assert events
    assert not any("refunds" in event["data"] for event in events)
