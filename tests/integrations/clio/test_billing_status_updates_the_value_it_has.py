"""``clio.billing_status.set`` updates the matter's one value of its field, again and again.

Clio refuses a second value for a field a matter already has, so the handler must find the
first one, which needs the value's sub-fields named in braces (``fields`` returns only id and
etag for a nested collection otherwise).
"""

import pytest

from integrations.outbox.handlers.clio_billing_status import FIELD_NAME
from integrations.outbox.record import outbox_record
from integrations.outbox.relay import outbox_message_deliver
from tests.integrations.inbound.support import clio_api, clio_connection_make, enqueue_capture

pytestmark = pytest.mark.django_db


@pytest.fixture
def clio(clio_sandbox, monkeypatch):
    enqueue_capture(monkeypatch)
    clio_connection_make(clio_sandbox.base_url)
    return clio_sandbox


def _status_values(clio, matter_id: int) -> list[str]:
    matter = clio_api(
        clio.base_url,
        "GET",
        f"matters/{matter_id}.json",
        params={"fields": "custom_field_values{field_name,value}"},
    )["data"]
    return [v["value"] for v in matter["custom_field_values"] if v["field_name"] == FIELD_NAME]


def _set(matter_id: int, value: str, key: str):
    message = outbox_record(
        kind="clio.billing_status.set",
        dedupe_key=key,
        payload={"clio_matter_id": matter_id, "value": value},
    )
    return outbox_message_deliver(message_id=message.pk)


def test_it_creates_the_value_then_updates_it_in_place(clio):
    first = _set(1003, "Invoice Sent", "status:1003:1")
    second = _set(1003, "Invoice Paid", "status:1003:2")

    assert (first.status, second.status) == ("sent", "sent")
    assert _status_values(clio, 1003) == ["Invoice Paid"]


def test_it_finds_the_field_by_the_lower_case_parent_type_filter(clio):
    first = _set(1003, "Invoice Sent", "status:1003:a")
    second = _set(1004, "Invoice Sent", "status:1004:a")

    fields = clio_api(
        clio.base_url,
        "GET",
        "custom_fields.json",
        params={"fields": "id,name", "parent_type": "matter"},
    )["data"]
    assert [f["name"] for f in fields].count(FIELD_NAME) == 1
    assert first.result["custom_field_id"] == second.result["custom_field_id"]
