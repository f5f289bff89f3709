"""The incremental sweep heals what webhooks missed (none are registered here at all)."""

from billing.models import Activity, Matter, MatterMapping
from integrations.clio.sync import clio_backfill_run, clio_sweep_run
from integrations.models import Source, SyncState


def healed(results) -> dict[str, int]:
    return {r.resource: r.healed for r in results}


def test_changes_made_in_clio_without_a_webhook_are_healed(clio):
    clio_backfill_run()
    clio.control("PATCH", "activities/302", hours=2.0)
    clio.control("POST", "matters/1003/close")
    new = clio.control("POST", "seed", matters=1, time_entries_per_matter=2)

    results = clio_sweep_run()

    assert str(Activity.objects.get(clio_id=302).total) == "850.00"
    assert Matter.objects.get(clio_id=1003).status == Matter.Status.CLOSED
    assert Matter.objects.count() == 7
    assert MatterMapping.objects.count() == 7
    assert healed(results) == {
        "users": 0,
        "contacts": 1,
        "matters": 2,
        "activities": 3,
        "bank_accounts": 0,
    }, new
    state = SyncState.objects.get(source=Source.CLIO, resource="activities")
    assert state.last_sweep_healed == 3
    assert state.last_sweep_at is not None


def test_a_second_sweep_finds_nothing_left_to_heal(clio):
    clio_backfill_run()
    clio.control("PATCH", "activities/302", hours=2.0)
    clio_sweep_run()

    results = clio_sweep_run()

    assert healed(results) == {
        "users": 0,
        "contacts": 0,
        "matters": 0,
        "activities": 0,
        "bank_accounts": 0,
    }


def test_the_sweep_moves_its_mark_to_clios_newest_change(clio):
    clio_backfill_run()
    state = SyncState.objects.get(source=Source.CLIO, resource="activities")
    before = state.sweep_since
    clio.control("PATCH", "activities/302", hours=2.0)

    clio_sweep_run()

    state.refresh_from_db()
    changed_at = Activity.objects.get(clio_id=302).clio_updated_at
    assert state.sweep_since == max(before, changed_at)


def test_nothing_is_swept_before_the_backfill(clio, api_calls):
    results = clio_sweep_run()

    assert all(r.skipped for r in results)
    assert api_calls == []
