from .conftest import create_webhook, wait_for, webhook_status


def test_it_sends_the_secret_and_enables_the_webhook_when_echoed(clio, receiver):
    webhook = create_webhook(clio, receiver)

    assert webhook["status"] == "pending"
    wait_for(lambda: receiver.handshakes())
    handshake = receiver.handshakes()[0]
    assert handshake.headers["X-Hook-Secret"] == webhook["shared_secret"]
    assert handshake.json()["data"]["webhook_id"] == webhook["id"]
    wait_for(lambda: webhook_status(clio, webhook["id"]) == "enabled")


def test_it_stays_pending_until_activated_when_not_echoed(clio, receiver):
    receiver.echo_secret = False
    webhook = create_webhook(clio, receiver)
    wait_for(lambda: clio.deliveries(webhook_id=webhook["id"], status="delivered"))
    assert webhook_status(clio, webhook["id"]) == "pending"
    secret = receiver.handshakes()[0].headers["X-Hook-Secret"]

    response = clio.request(
        "PUT", f"webhooks/{webhook['id']}/activate", headers={"X-Hook-Secret": secret}
    )

    assert response.status_code == 200
    assert webhook_status(clio, webhook["id"]) == "enabled"


def test_it_refuses_activation_with_the_wrong_secret(clio, receiver):
    receiver.echo_secret = False
    webhook = create_webhook(clio, receiver)

    response = clio.request(
        "PUT", f"webhooks/{webhook['id']}/activate", headers={"X-Hook-Secret": "guess"}
    )

    assert response.status_code == 422
    assert webhook_status(clio, webhook["id"]) == "pending"


def test_it_handshakes_again_when_the_url_changes(clio, receiver):
    webhook = create_webhook(clio, receiver)
    wait_for(lambda: webhook_status(clio, webhook["id"]) == "enabled")

    response = clio.patch(
        f"webhooks/{webhook['id']}.json",
        params={"fields": "status"},
        json={"data": {"url": receiver.url + "?v=2"}},
    )

    assert response.json()["data"]["status"] == "pending"
    wait_for(lambda: len(receiver.handshakes()) == 2)
    wait_for(lambda: webhook_status(clio, webhook["id"]) == "enabled")


def test_it_refuses_plain_http_to_a_remote_host(clio):
    response = clio.post(
        "webhooks.json",
        json={"data": {"url": "http://example.com/hook", "model": "matter", "fields": "id"}},
    )

    assert response.status_code == 422
