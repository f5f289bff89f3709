"""An outbox row lives or dies with the business transaction that recorded it, once per key."""

import pytest
from django.db import transaction

from integrations.models import OutboxMessage
from integrations.outbox.record import outbox_record

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def test_a_message_recorded_in_a_rolled_back_transaction_is_never_sent(
    enqueued, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        outbox_record(kind="clio.note.create", dedupe_key="note:1", payload={"clio_matter_id": 1})
        raise Rollback

    assert OutboxMessage.objects.count() == 0
    assert enqueued.messages == []


def test_a_committed_message_is_handed_to_a_worker_after_the_commit(
    enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = outbox_record(kind="clio.note.create", dedupe_key="note:1", payload={})
        assert enqueued.messages == []

    assert enqueued.messages == [message.pk]


def test_recording_the_same_effect_twice_keeps_one_row(
    enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = outbox_record(kind="clio.note.create", dedupe_key="note:1", payload={"n": 1})
        second = outbox_record(kind="clio.note.create", dedupe_key="note:1", payload={"n": 2})

    assert first.pk == second.pk
    assert OutboxMessage.objects.get().payload == {"n": 1}
    assert enqueued.messages == [first.pk]
