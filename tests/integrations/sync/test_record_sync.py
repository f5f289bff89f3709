"""``clio_record_sync`` (helper seam for webhooks): re-fetch, upsert, idempotent."""

from billing.models import Activity, Matter, MatterMapping
from integrations.clio.sync import clio_backfill_run, clio_record_sync


def test_a_record_is_fetched_and_mirrored_with_its_references(clio):
    clio_record_sync(model="activity", clio_id=301)

    entry = Activity.objects.get(clio_id=301)
    assert str(entry.total) == "875.00"
    # The matter (and its client and attorneys) came along, with the matter's mapping.
    assert entry.matter.clio_id == 1001
    assert entry.matter.client.name == "John Smith"
    assert MatterMapping.objects.get(clio_matter_id=1001).reference == "00001-Smith"


def test_running_it_twice_changes_nothing_the_second_time(clio):
    clio_record_sync(model="activity", clio_id=301)
    first = Activity.objects.get(clio_id=301)

    clio_record_sync(model="activity", clio_id=301)

    again = Activity.objects.get(clio_id=301)
    assert Activity.objects.filter(clio_id=301).count() == 1
    assert again.content_changed_at == first.content_changed_at
    assert again.synced_at == first.synced_at


def test_a_change_in_clio_is_picked_up(clio):
    clio_backfill_run()
    clio.control("PATCH", "activities/301", hours=3.0)

    clio_record_sync(model="activity", clio_id=301)

    assert str(Activity.objects.get(clio_id=301).total) == "1050.00"


def test_a_user_and_a_contact_can_be_synced_alone(clio):
    clio_record_sync(model="user", clio_id=3002)
    clio_record_sync(model="contact", clio_id=2004)

    clio_record_sync(model="matter", clio_id=1004)

    chen = Matter.objects.get(clio_id=1004)
    assert chen.client.clio_id == 2004
    assert chen.client.primary_email == ""
