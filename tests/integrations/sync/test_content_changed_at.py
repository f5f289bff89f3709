"""``content_changed_at`` moves only when a billing-relevant value changes (the debounce)."""

from datetime import timedelta

import time_machine
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from billing.models import Activity
from integrations.clio.sync import clio_record_upsert


def entry(**overrides) -> dict:
    data = {
        "id": 9001,
        "etag": '"v1"',
        "type": "TimeEntry",
        "date": "2026-11-02",
        "quantity": 9000,
        "rounded_quantity": 9000,
        "price": 350.0,
        "total": 875.0,
        "note": "Draft motion",
        "non_billable": False,
        "no_charge": False,
        "on_bill": False,
        "billed": False,
        "updated_at": "2026-11-02T10:00:00+00:00",
        "matter": None,
        "user": None,
        "bill": None,
    }
    return data | overrides


def later(data: dict, **overrides) -> dict:
    moment = parse_datetime(data["updated_at"]) + timedelta(minutes=1)
    return data | {"updated_at": moment.isoformat(), "etag": f'"{moment.timestamp()}"'} | overrides


def test_a_new_entry_starts_its_window_now(db):
    with time_machine.travel("2026-11-02 10:00:00Z", tick=False):
        clio_record_upsert(model="activity", data=entry())

    assert Activity.objects.get(clio_id=9001).content_changed_at == parse_datetime(
        "2026-11-02T10:00:00+00:00"
    )


def test_each_billing_relevant_change_restarts_the_window(db):
    first = entry()
    clio_record_upsert(model="activity", data=first)
    for change in (
        {"total": 910.0},
        {"quantity": 9360},
        {"price": 360.0},
        {"non_billable": True},
        {"no_charge": True},
        {"on_bill": True},
        {"date": "2026-11-03"},
        {"note": "Draft motion to compel"},
    ):
        before = Activity.objects.get(clio_id=9001).content_changed_at
        first = later(first, **change)
        with time_machine.travel(timezone.now() + timedelta(hours=1), tick=False):
            clio_record_upsert(model="activity", data=first)
        assert Activity.objects.get(clio_id=9001).content_changed_at > before, change


def test_a_change_that_does_not_affect_billing_leaves_the_window_alone(db):
    data = entry()
    clio_record_upsert(model="activity", data=data)
    before = Activity.objects.get(clio_id=9001).content_changed_at

    with time_machine.travel(timezone.now() + timedelta(hours=1), tick=False):
        clio_record_upsert(model="activity", data=later(data, billed=True))

    row = Activity.objects.get(clio_id=9001)
    assert row.billed is True
    assert row.content_changed_at == before


def test_the_window_counts_from_the_edit_in_clio_not_from_when_remit_copied_it(db):
    # Edited in Clio at 10:00, first seen by Remit (backfill) at 10:40: already stable.
    with time_machine.travel("2026-11-02 10:40:00Z", tick=False):
        clio_record_upsert(model="activity", data=entry())

    assert Activity.objects.get(clio_id=9001).content_changed_at == parse_datetime(
        "2026-11-02T10:00:00+00:00"
    )


def test_a_clio_clock_ahead_of_ours_never_puts_the_change_in_the_future(db):
    with time_machine.travel("2026-11-02 09:55:00Z", tick=False):
        clio_record_upsert(model="activity", data=entry())

    assert Activity.objects.get(clio_id=9001).content_changed_at == parse_datetime(
        "2026-11-02T09:55:00+00:00"
    )
