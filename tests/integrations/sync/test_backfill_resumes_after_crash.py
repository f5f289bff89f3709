"""A backfill that dies mid-way resumes from its stored cursor: no duplicates, no re-reads."""

import pytest

from billing.models import Activity, Client, Matter, MatterMapping
from integrations.clio.sync import apply, clio_backfill_run
from integrations.models import Source, SyncState


class WorkerKilled(Exception):
    pass


def test_a_crashed_backfill_resumes_where_it_stopped(clio, api_calls, monkeypatch):
    clio.control("POST", "seed", matters=450, time_entries_per_matter=1)
    real_fetch, fetched = apply.page_fetch, []

    def dies_on_the_fifth_page(client, url, params):
        fetched.append(url)
        if len(fetched) == 5:
            raise WorkerKilled
        return real_fetch(client, url, params)

    monkeypatch.setattr(apply, "page_fetch", dies_on_the_fifth_page)
    with pytest.raises(WorkerKilled):
        clio_backfill_run()
    # users (1 page), contacts (3 pages), then the matters' first page was stored.
    matters = SyncState.objects.get(source=Source.CLIO, resource="matters")
    assert matters.pages_fetched == 0 and matters.backfill_cursor == ""
    contacts = SyncState.objects.get(source=Source.CLIO, resource="contacts")
    assert contacts.backfill_finished_at is not None

    monkeypatch.setattr(apply, "page_fetch", real_fetch)
    clio_backfill_run()

    assert Client.objects.count() == clio.count("contacts") == 456
    assert Matter.objects.count() == clio.count("matters") == 456
    assert Activity.objects.count() == clio.count("activities") == 461
    assert MatterMapping.objects.count() == 456
    # ⌈4/200⌉ + ⌈456/200⌉ + ⌈456/200⌉ + ⌈461/200⌉ + one page of bank accounts: the crash cost
    # nothing extra, since the killed fetch never reached Clio.
    assert len(api_calls) == 1 + 3 + 3 + 3 + 1


def test_a_crash_after_some_pages_of_a_resource_keeps_them(clio, api_calls, monkeypatch):
    clio.control("POST", "seed", matters=450, time_entries_per_matter=1)
    real_fetch, fetched = apply.page_fetch, []

    def dies_on_the_sixth_page(client, url, params):
        fetched.append(url)
        if len(fetched) == 6:
            raise WorkerKilled
        return real_fetch(client, url, params)

    monkeypatch.setattr(apply, "page_fetch", dies_on_the_sixth_page)
    with pytest.raises(WorkerKilled):
        clio_backfill_run()
    matters = SyncState.objects.get(source=Source.CLIO, resource="matters")
    assert (matters.pages_fetched, matters.records_synced) == (1, 200)
    assert "page_token" in matters.backfill_cursor
    assert Matter.objects.count() == 200

    monkeypatch.setattr(apply, "page_fetch", real_fetch)
    clio_backfill_run()

    matters.refresh_from_db()
    assert (matters.pages_fetched, matters.records_synced, matters.api_calls) == (3, 456, 3)
    assert Matter.objects.count() == 456
    assert len(api_calls) == 1 + 3 + 3 + 3 + 1
