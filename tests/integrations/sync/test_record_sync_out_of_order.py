"""An older copy of a record never overwrites a newer one, whatever the arrival order."""

from datetime import timedelta

from django.utils.dateparse import parse_datetime

from billing.models import Activity
from integrations.clio.sync import Outcome, clio_record_sync, clio_record_upsert


def fetched(clio, activity_id: int) -> dict:
    fields = (
        "id,etag,type,date,quantity,rounded_quantity,price,total,note,non_billable,no_charge,"
        "on_bill,billed,updated_at,matter{id},user{id},bill{id}"
    )
    return clio.api(f"activities/{activity_id}.json", fields=fields)["data"]


def test_a_stale_copy_arriving_late_is_ignored(clio):
    old = fetched(clio, 301)
    clio.control("PATCH", "activities/301", hours=4.0)
    clio_record_sync(model="activity", clio_id=301)
    newest = Activity.objects.get(clio_id=301)

    outcome = clio_record_upsert(model="activity", data=old)

    assert outcome is Outcome.STALE
    again = Activity.objects.get(clio_id=301)
    assert str(again.total) == "1400.00"
    assert again.clio_etag == newest.clio_etag
    assert again.content_changed_at == newest.content_changed_at


def test_the_newer_copy_wins_when_it_arrives_second(clio):
    clio_record_sync(model="activity", clio_id=301)
    old = fetched(clio, 301)
    clio.control("PATCH", "activities/301", hours=4.0)
    new = fetched(clio, 301)

    assert clio_record_upsert(model="activity", data=new) is Outcome.UPDATED
    assert clio_record_upsert(model="activity", data=old) is Outcome.STALE
    assert clio_record_upsert(model="activity", data=new) is Outcome.UNCHANGED
    assert str(Activity.objects.get(clio_id=301).total) == "1400.00"


def test_a_copy_with_an_older_timestamp_is_stale_even_on_other_fields(clio):
    clio_record_sync(model="activity", clio_id=302)
    data = fetched(clio, 302)
    data["updated_at"] = (parse_datetime(data["updated_at"]) - timedelta(seconds=1)).isoformat()
    data["note"] = "something older"

    assert clio_record_upsert(model="activity", data=data) is Outcome.STALE
    assert Activity.objects.get(clio_id=302).description != "something older"
