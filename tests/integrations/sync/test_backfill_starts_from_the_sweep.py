"""The periodic sweep starts a backfill that never ran, or restarts one that died."""

from datetime import timedelta

from django.utils import timezone

from integrations.clio.sync import clio_backfill_needed, clio_backfill_run
from integrations.models import Source, SyncState


def test_a_new_connection_needs_a_backfill(db):
    assert clio_backfill_needed() is True


def test_a_finished_backfill_is_not_needed_again(clio):
    clio_backfill_run()

    assert clio_backfill_needed() is False


def test_a_backfill_that_went_silent_is_needed_again(clio):
    clio_backfill_run()
    state = SyncState.objects.filter(source=Source.CLIO, resource="activities")
    state.update(backfill_finished_at=None, backfill_cursor="http://x/?page_token=1")

    assert clio_backfill_needed() is False  # still running, as far as anyone knows
    state.update(updated_at=timezone.now() - timedelta(minutes=6))
    assert clio_backfill_needed() is True
