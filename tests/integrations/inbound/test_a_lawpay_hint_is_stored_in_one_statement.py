"""Storing a verified LawPay hint is one INSERT after the token lookup: no BEGIN, COMMIT or
savepoint around it, and on PostgreSQL a redelivery costs no extra lookup either."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from integrations.inbound.receivers import DEDUPE_CONSTRAINT
from integrations.models import InboundEvent
from tests.integrations.inbound.support import lawpay_connection_make, lawpay_post

pytestmark = pytest.mark.django_db(transaction=True)


def _statements(post) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert post().status_code == 200
    return [query["sql"].split()[0].upper() for query in queries.captured_queries]


def test_a_new_hint_is_the_token_lookup_and_one_insert(enqueued):
    lawpay_connection_make()

    statements = _statements(lambda: lawpay_post(Client(), '{"id": "evt_1"}'))

    assert statements == ["SELECT", "INSERT"]
    assert InboundEvent.objects.get().dedupe_key == "evt_1"
    assert enqueued.events == [InboundEvent.objects.get().pk]


@pytest.mark.postgres
def test_on_postgres_a_redelivery_is_the_token_lookup_and_the_refused_insert(enqueued):
    lawpay_connection_make()
    lawpay_post(Client(), '{"id": "evt_1"}')

    statements = _statements(lambda: lawpay_post(Client(), '{"id": "evt_1"}'))

    assert statements == ["SELECT", "INSERT"]
    assert InboundEvent.objects.count() == 1
    assert len(enqueued.events) == 1


def test_the_dedupe_constraint_the_receiver_recognises_is_the_models():
    names = {constraint.name for constraint in InboundEvent._meta.constraints}

    assert DEDUPE_CONSTRAINT in names
