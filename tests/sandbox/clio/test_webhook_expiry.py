import time
from datetime import UTC, datetime, timedelta

from .conftest import create_webhook, enabled_webhook, wait_for


def test_it_expires_webhooks_after_three_days_by_default(clio, receiver):
    webhook = create_webhook(clio, receiver)

    expires = datetime.fromisoformat(webhook["expires_at"])
    expected = datetime.now(UTC) + timedelta(days=3)
    assert abs((expires - expected).total_seconds()) < 60


def test_it_refuses_an_expiry_more_than_31_days_away(clio, receiver):
    too_late = (datetime.now(UTC) + timedelta(days=32)).isoformat()

    response = clio.post(
        "webhooks.json",
        json={
            "data": {"url": receiver.url, "model": "matter", "fields": "id", "expires_at": too_late}
        },
    )

    assert response.status_code == 422
    assert response.json()["error"]["type"] == "ArgumentError"


def test_it_stops_delivering_once_a_webhook_expires(clio, receiver):
    soon = (datetime.now(UTC) + timedelta(seconds=2)).isoformat()
    webhook = enabled_webhook(clio, receiver, model="matter", fields="id", expires_at=soon)
    time.sleep(2.2)

    clio.patch("matters/1001.json", json={"data": {"location": "Nowhere"}})
    time.sleep(0.5)

    assert receiver.events() == []
    assert clio.deliveries(webhook_id=webhook["id"], kind="event") == []


def test_it_renews_a_webhook_by_patching_expires_at(clio, receiver):
    webhook = create_webhook(clio, receiver)
    later = (datetime.now(UTC) + timedelta(days=30)).replace(microsecond=0)

    response = clio.patch(
        f"webhooks/{webhook['id']}.json",
        params={"fields": "expires_at"},
        json={"data": {"expires_at": later.isoformat()}},
    )

    assert datetime.fromisoformat(response.json()["data"]["expires_at"]) == later
    wait_for(lambda: receiver.handshakes())
