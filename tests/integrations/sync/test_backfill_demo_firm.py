"""The first-connection backfill mirrors the demo firm exactly, at one API call per page."""

from billing.models import Activity, BankAccount, Client, ClioUser, Matter, MatterMapping
from integrations.clio.sync import clio_backfill_run
from integrations.models import Source, SyncState


def test_the_backfill_mirrors_every_record_the_emulator_has(clio, api_calls):
    progress = clio_backfill_run()

    assert ClioUser.objects.count() == clio.count("users")
    assert Client.objects.count() == clio.count("contacts")
    assert Matter.objects.count() == clio.count("matters")
    assert Activity.objects.count() == clio.count("activities")
    assert BankAccount.objects.count() == clio.count("bank_accounts")
    assert MatterMapping.objects.count() == Matter.objects.count()
    assert [p.api_calls for p in progress] == [1, 1, 1, 1, 1]
    assert len(api_calls) == 5


def test_the_mirror_carries_what_billing_needs(clio):
    clio_backfill_run()

    smith = Matter.objects.get(clio_id=1001)
    assert smith.display_number == "00001-Smith"
    assert smith.status == Matter.Status.OPEN
    assert smith.client.name == "John Smith"
    assert smith.responsible_attorney is not None
    assert str(smith.clio_trust_balance) == "2500.00"
    assert Matter.objects.get(clio_id=1006).status == Matter.Status.CLOSED
    assert Matter.objects.get(clio_id=1002).billing_method == Matter.BillingMethod.FLAT
    entry = Activity.objects.get(clio_id=301)
    assert (entry.matter, str(entry.total), entry.on_bill) == (smith, "875.00", False)
    assert entry.content_changed_at is not None
    assert Activity.objects.get(clio_id=304).on_bill is True
    trust = BankAccount.objects.get(type=BankAccount.Type.TRUST)
    assert trust.balance > 0


def test_progress_is_recorded_per_resource(clio):
    clio_backfill_run()

    states = {s.resource: s for s in SyncState.objects.filter(source=Source.CLIO)}
    assert set(states) == {"users", "contacts", "matters", "activities", "bank_accounts"}
    matters = states["matters"]
    assert (matters.records_synced, matters.pages_fetched, matters.api_calls) == (6, 1, 1)
    assert matters.records_total == 6
    assert matters.backfill_started_at and matters.backfill_finished_at
    assert matters.backfill_cursor == ""
    assert matters.sweep_since is not None


def test_a_finished_backfill_is_not_repeated(clio, api_calls):
    clio_backfill_run()
    clio_backfill_run()

    assert len(api_calls) == 5
