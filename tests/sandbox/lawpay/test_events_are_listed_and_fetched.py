from datetime import UTC, datetime

from tests.sandbox.lawpay.support import error_code


def test_every_state_change_is_an_event_newest_first(gateway):
    charge = gateway.charged(reference="INV-1")
    gateway.post(f"/v1/transactions/{charge['id']}/void", json={})

    page = gateway.get("/v1/events").json()

    assert page["total_entries"] == 3
    types = [event["type"] for event in page["results"]]
    assert types == ["transaction.voided", "transaction.authorized", "transaction.created"]
    created = page["results"][-1]
    assert created["data"]["status"] == "PENDING"
    assert set(created) == {"id", "created", "type", "data"}


def test_start_date_lists_events_chronologically(gateway):
    since = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    charge = gateway.charged()
    gateway.post(f"/v1/charges/{charge['id']}/refund", json={"amount": 100})

    page = gateway.get("/v1/events", params={"start_date": since, "page_size": 3}).json()

    assert page["total_entries"] == 5  # charge: created, authorized; refund: created,
    # authorized; charge: updated (amount_refunded)
    assert [e["type"] for e in page["results"]] == [
        "transaction.created",
        "transaction.authorized",
        "transaction.created",
    ]
    stamps = [e["created"] for e in page["results"]]
    assert stamps == sorted(stamps)


def test_an_event_is_fetched_by_id_as_listed(gateway):
    gateway.charged()
    listed = gateway.get("/v1/events").json()["results"][0]

    fetched = gateway.get(f"/v1/events/{listed['id']}")

    assert fetched.status_code == 200
    assert fetched.json() == listed


def test_an_unknown_event_is_not_found(gateway):
    response = gateway.get("/v1/events/nope")

    assert response.status_code == 404
    assert error_code(response) == "resource_not_found"
