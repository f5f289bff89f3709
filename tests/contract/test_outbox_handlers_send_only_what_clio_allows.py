"""The Clio outbox handlers (notes, communications, billing status) send only what Clio's
OpenAPI document allows: paths, query parameters, ``fields`` and bodies."""

import pytest

from integrations.models import OutboxMessage
from integrations.outbox.handlers.invoice_delivery import client_email_from_clio
from integrations.outbox.record import outbox_record
from integrations.outbox.relay import outbox_message_deliver
from tests.contract.conftest import templates
from tests.contract.recording import clio_contract_report

pytestmark = pytest.mark.django_db


def _deliver_twice(kind: str, key: str, payload: dict) -> OutboxMessage:
    """Deliver, then deliver again as if the first answer was lost (the retry path)."""
    message = outbox_record(kind=kind, dedupe_key=key, payload=payload)
    first = outbox_message_deliver(message_id=message.pk)
    assert first.status == "sent", first.last_error
    OutboxMessage.objects.filter(pk=message.pk).update(
        status="failed", result={}, last_error="ClioTransportError: read timed out"
    )
    again = outbox_message_deliver(message_id=message.pk)
    assert again.status == "sent", again.last_error
    return again


def test_a_matter_note_and_its_retry_are_allowed(clio, clio_requests):
    _deliver_twice(
        "clio.note.create",
        "contract:note",
        {"clio_matter_id": 1001, "subject": "Draft invoice 7", "date": "2026-01-15"},
    )

    assert clio_contract_report(clio_requests) == []
    assert templates(clio_requests) == {"POST /notes.json", "GET /notes.json"}


def test_an_email_communication_and_its_retry_are_allowed(clio, clio_requests):
    _deliver_twice(
        "clio.communication.create",
        "contract:communication",
        {
            "clio_matter_id": 1001,
            "subject": "Invoice R-1",
            "body": "Please find your invoice.",
            "received_at": "2026-01-15T10:00:00+00:00",
            "clio_contact_id": 2001,
            "contact_type": "Person",
        },
    )

    assert clio_contract_report(clio_requests) == []
    assert templates(clio_requests) == {"POST /communications.json", "GET /communications.json"}


def test_setting_the_billing_status_twice_is_allowed(clio, clio_requests):
    for step, value in enumerate(["Invoice Sent", "Invoice Paid"]):
        message = outbox_record(
            kind="clio.billing_status.set",
            dedupe_key=f"contract:status:{step}",
            payload={"clio_matter_id": 1003, "value": value},
        )
        sent = outbox_message_deliver(message_id=message.pk)
        assert sent.status == "sent", sent.last_error

    assert clio_contract_report(clio_requests) == []
    assert templates(clio_requests) == {
        "GET /custom_fields.json",
        "POST /custom_fields.json",
        "GET /matters/{id}.json",
        "PATCH /matters/{id}.json",
    }


def test_reading_the_clients_email_before_sending_is_allowed(clio, clio_requests):
    assert client_email_from_clio(clio_contact_id=2001) == "john.smith@example.com"

    assert clio_contract_report(clio_requests) == []
    assert templates(clio_requests) == {"GET /contacts/{id}.json"}


def test_an_attorney_task_and_its_retry_are_allowed(clio, clio_requests):
    again = _deliver_twice(
        "clio.task.create",
        "contract:task",
        {
            "clio_matter_id": 1001,
            "assignee_clio_user_id": 3001,
            "name": "Overdue 30 days: invoice R-2027-000001",
            "description": "Call the client.",
            "due_at": "2027-03-31T12:00:00-04:00",
            "priority": "High",
        },
    )

    assert clio_contract_report(clio_requests) == []
    assert templates(clio_requests) == {"POST /tasks.json", "GET /tasks.json"}
    posts = [r for r in clio_requests if r.method == "POST"]
    assert len(posts) == 1  # the retry found the task instead of making another
    assert again.result["task_id"] > 0
