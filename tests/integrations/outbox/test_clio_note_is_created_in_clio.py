"""``clio.note.create`` puts a matter note in Clio once, even when a delivery is repeated."""

import pytest

from integrations.models import OutboxMessage
from integrations.outbox.record import outbox_record
from integrations.outbox.relay import outbox_message_deliver, outbox_relay
from tests.integrations.inbound.support import clio_api, clio_connection_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def clio(clio_sandbox):
    clio_connection_make(clio_sandbox.base_url)
    return clio_sandbox


def _notes(clio, subject: str) -> list[dict]:
    notes = clio_api(
        clio.base_url,
        "GET",
        "notes.json",
        params={"type": "Matter", "matter_id": 1001, "fields": "id,subject,detail"},
    )
    return [n for n in notes["data"] if n["subject"] == subject]


def test_a_note_is_created_on_the_matter(clio):
    message = outbox_record(
        kind="clio.note.create",
        dedupe_key="invoice:7:drafted",
        payload={
            "clio_matter_id": 1001,
            "subject": "Draft invoice 7",
            "detail": "Remit drafted it.",
        },
    )

    assert outbox_relay(queue="clio") == 1

    (note,) = _notes(clio, "Draft invoice 7")
    message.refresh_from_db()
    assert message.result == {"note_id": note["id"]}
    assert note["detail"].startswith("Remit drafted it.")


def test_a_retry_after_a_lost_answer_finds_the_note_instead_of_adding_one(clio):
    message = outbox_record(
        kind="clio.note.create",
        dedupe_key="invoice:8:drafted",
        payload={"clio_matter_id": 1001, "subject": "Draft invoice 8"},
    )
    outbox_message_deliver(message_id=message.pk)
    # As if the worker died after Clio stored the note but before Remit saved the answer.
    OutboxMessage.objects.filter(pk=message.pk).update(
        status="failed", result={}, last_error="ClioTransportError: read timed out"
    )

    again = outbox_message_deliver(message_id=message.pk)

    (note,) = _notes(clio, "Draft invoice 8")
    assert again.status == "sent"
    assert again.result == {"note_id": note["id"]}
