"""The same delivery three times at once is stored once, and three workers process it once."""

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client

from integrations.inbound import processing
from integrations.models import InboundEvent
from tests.integrations.inbound.support import (
    clio_delivery,
    clio_post,
    clio_webhook_make,
    lawpay_connection_make,
    lawpay_post,
)


def _at_once(work: Callable[[], object], times: int = 3) -> list[object]:
    barrier = threading.Barrier(times)
    results: list[object] = [None] * times
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work()
        except BaseException as exc:  # surfaced below, in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    return results


@pytest.fixture
def processed_bodies(monkeypatch) -> list[str]:
    """Each time any worker really runs the LawPay processor (slowly, to widen the race)."""
    runs: list[str] = []

    def slow_processor(*, event: InboundEvent) -> str:
        runs.append(event.dedupe_key)
        time.sleep(0.2)
        return ""

    monkeypatch.setitem(processing.PROCESSORS, "lawpay", slow_processor)
    return runs


def _three_receipts_then_three_workers(post: Callable[[], object], processed_bodies) -> None:
    answers = _at_once(post)
    assert [a.status_code for a in answers] == [200, 200, 200]
    event = InboundEvent.objects.exclude(status="rejected").get()

    outcomes = _at_once(lambda: processing.inbound_event_process(event_id=event.pk))

    assert sum(outcome is not None for outcome in outcomes) == 1
    event.refresh_from_db()
    assert (event.status, event.attempts) == (InboundEvent.Status.PROCESSED, 1)


# SQLite's shared-cache test database answers concurrent writers with "table is locked"
# instead of waiting, so real concurrency is shown on PostgreSQL only.
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_lawpay_hint_posted_three_times_at_once_is_stored_and_processed_once(
    processed_bodies,
):
    lawpay_connection_make()

    _three_receipts_then_three_workers(
        lambda: lawpay_post(Client(), '{"id": "evt_same"}'), processed_bodies
    )

    assert processed_bodies == ["evt_same"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_clio_delivery_posted_three_times_at_once_is_stored_once(monkeypatch):
    clio_webhook_make()
    runs: list[int] = []
    monkeypatch.setitem(
        processing.PROCESSORS, "clio", lambda *, event: runs.append(event.pk) or time.sleep(0.2)
    )

    _three_receipts_then_three_workers(lambda: clio_post(Client(), clio_delivery()), [])

    assert len(runs) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgres_thirty_concurrent_copies_store_and_process_once(processed_bodies):
    lawpay_connection_make()

    answers = _at_once(lambda: lawpay_post(Client(), '{"id": "evt_pg"}'), times=30)
    event = InboundEvent.objects.get()
    outcomes = _at_once(lambda: processing.inbound_event_process(event_id=event.pk), times=10)

    assert {a.status_code for a in answers} == {200}
    assert sum(outcome is not None for outcome in outcomes) == 1
    assert processed_bodies == ["evt_pg"]
