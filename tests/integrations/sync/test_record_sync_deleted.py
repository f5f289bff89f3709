"""A record deleted in Clio is marked deleted (rows stay, invoices keep their references)."""

from billing.models import Activity
from integrations.clio.sync import (
    Outcome,
    clio_record_sync,
    clio_record_sync_outcome,
    clio_record_upsert,
)


def test_a_404_from_clio_marks_the_record_deleted(clio):
    clio_record_sync(model="activity", clio_id=306)
    clio.control("DELETE", "activities/306")

    clio_record_sync(model="activity", clio_id=306)

    assert Activity.objects.get(clio_id=306).deleted_at is not None


def test_a_deleted_hint_marks_it_without_asking_clio(clio, api_calls):
    clio_record_sync(model="activity", clio_id=306)
    calls = len(api_calls)

    clio_record_sync(model="activity", clio_id=306, deleted=True)
    clio_record_sync(model="activity", clio_id=306, deleted=True)

    assert Activity.objects.get(clio_id=306).deleted_at is not None
    assert len(api_calls) == calls


def test_an_update_fetched_before_the_delete_does_not_revive_it(clio):
    clio_record_sync(model="activity", clio_id=306)
    stale = clio.api("activities/306.json", fields="id,etag,type,date,total,updated_at")["data"]
    clio_record_sync(model="activity", clio_id=306, deleted=True)

    assert clio_record_upsert(model="activity", data=stale) is Outcome.STALE
    assert Activity.objects.get(clio_id=306).deleted_at is not None


def test_deleting_a_record_never_seen_is_a_no_op(clio):
    assert clio_record_sync_outcome(model="activity", clio_id=999_999) is Outcome.ABSENT
    assert not Activity.objects.filter(clio_id=999_999).exists()
