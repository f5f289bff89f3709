"""``clio.communication.create`` names its receiver as a ``Contact``, the type Clio accepts."""

import pytest

from integrations.outbox.record import outbox_record
from integrations.outbox.relay import outbox_message_deliver
from tests.integrations.inbound.support import clio_api, clio_connection_make, enqueue_capture

pytestmark = pytest.mark.django_db


@pytest.fixture
def clio(clio_sandbox, monkeypatch):
    enqueue_capture(monkeypatch)
    clio_connection_make(clio_sandbox.base_url)
    return clio_sandbox


@pytest.mark.parametrize("contact_type", ["Person", "Company", ""])
def test_the_email_is_logged_with_the_client_as_receiver(clio, contact_type):
    message = outbox_record(
        kind="clio.communication.create",
        dedupe_key=f"invoice:9:sent:{contact_type}",
        payload={
            "clio_matter_id": 1001,
            "subject": "Invoice R-9",
            "body": "Please find your invoice.",
            "received_at": "2026-01-15T10:00:00+00:00",
            "clio_contact_id": 2001,
            "contact_type": contact_type,
        },
    )

    sent = outbox_message_deliver(message_id=message.pk)

    assert sent.status == "sent", sent.last_error
    communication = clio_api(
        clio.base_url,
        "GET",
        f"communications/{sent.result['communication_id']}.json",
        params={"fields": "id,receivers{id,type}"},
    )["data"]
    assert communication["receivers"] == [{"id": 2001, "type": "Person"}]
