import hashlib
import hmac
import json

from .conftest import enabled_webhook, wait_for


def test_it_delivers_the_subscribed_fields_with_the_event_and_webhook_id(clio, receiver):
    webhook = enabled_webhook(
        clio, receiver, model="matter", fields="id,status", events=["updated"]
    )

    clio.patch("matters/1003.json", json={"data": {"location": "Oakland"}})

    event = wait_for(lambda: receiver.events())[0]
    assert event.json() == {
        "data": {"id": 1003, "status": "Open"},
        "meta": {"event": "updated", "webhook_id": webhook["id"]},
    }


def test_it_signs_the_raw_body_with_the_shared_secret(clio, receiver):
    webhook = enabled_webhook(clio, receiver, model="contact", fields="id,etag,name")

    clio.post("contacts.json", json={"data": {"type": "Company", "name": "Signed Co"}})

    event = wait_for(lambda: receiver.events())[0]
    expected = hmac.new(webhook["shared_secret"].encode(), event.body, hashlib.sha256).hexdigest()
    assert event.headers["X-Hook-Signature"] == expected
    assert json.loads(event.body)["meta"]["event"] == "created"


def test_it_fires_matter_closed_alongside_updated(clio, receiver):
    enabled_webhook(clio, receiver, model="matter", fields="id,status")

    clio.patch("matters/1004.json", json={"data": {"status": "closed"}})

    wait_for(lambda: len(receiver.events()) == 2)
    events = sorted(e.json()["meta"]["event"] for e in receiver.events())
    assert events == ["matter_closed", "updated"]
    assert all(e.json()["data"]["status"] == "Closed" for e in receiver.events())


def test_it_fires_updated_only_when_a_subscribed_field_changes(clio, receiver):
    enabled_webhook(clio, receiver, model="activity", fields="id,total", events=["updated"])
    # The first update Clio sees for a record always fires.
    clio.patch("activities/301.json", json={"data": {"note": "first"}})
    wait_for(lambda: len(receiver.events()) == 1)

    clio.patch("activities/301.json", json={"data": {"note": "second"}})
    clio.patch("activities/301.json", json={"data": {"quantity": 10800}})

    wait_for(lambda: len(receiver.events()) == 2)
    assert receiver.events()[1].json()["data"] == {"id": 301, "total": 1050.0}
    assert len(clio.deliveries(event="updated")) == 2


def test_it_delivers_the_last_known_fields_on_delete(clio, receiver):
    enabled_webhook(clio, receiver, model="activity", fields="id,note", events=["deleted"])

    assert clio.delete("activities/302.json").status_code == 204

    event = wait_for(lambda: receiver.events())[0]
    assert event.json()["data"] == {"id": 302, "note": "Strategy conference with client"}
    assert event.json()["meta"]["event"] == "deleted"
