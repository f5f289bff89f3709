"""Webhook handshake and a real signed delivery from the emulator to a local receiver."""

from __future__ import annotations

import json
import time

from integrations.clio import webhooks
from tests.integrations.clio.sandbox import sandbox_client, webhook_receiver


def _wait_for(condition, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_the_handshake_is_echoed_and_a_delivery_is_verified(clio_sandbox):
    client = sandbox_client(clio_sandbox.base_url)
    with webhook_receiver() as receiver:
        webhook = client.create(
            "webhooks.json",
            data={
                "url": receiver.url,
                "model": "contact",
                "events": ["created"],
                "fields": "id,etag,name",
            },
            fields="id,shared_secret,status",
        ).data

        assert _wait_for(
            lambda: (
                client.get(f"webhooks/{webhook['id']}.json", fields="status").data["status"]
                == "enabled"
            )
        )
        assert len(receiver.handshakes) == 1
        contact = client.create("contacts.json", data={"type": "Company", "name": "Hook Co"}).data
        assert receiver.arrived.wait(15)

    delivery = receiver.deliveries[0]
    signature = webhooks.header_get(delivery.headers, webhooks.SIGNATURE_HEADER) or ""
    assert len(signature) == 64  # lowercase hex, the encoding the reference expects
    assert webhooks.signature_is_valid_for(
        raw_body=delivery.body, headers=delivery.headers, shared_secret=webhook["shared_secret"]
    )
    assert not webhooks.signature_is_valid_for(
        raw_body=delivery.body + b" ",
        headers=delivery.headers,
        shared_secret=webhook["shared_secret"],
    )
    payload = json.loads(delivery.body)
    assert payload["data"]["id"] == contact["id"]
    assert payload["meta"]["event"] == "created"
    assert payload["meta"]["webhook_id"] == webhook["id"]
